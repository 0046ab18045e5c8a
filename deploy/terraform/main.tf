locals {
  name       = "latam-ml-infra-${var.environment}"
  production = var.environment == "production"

  # Requests Cloud Run sends one instance at once (max_instance_request_concurrency), and the
  # service's own bound (LATAM_MAX_IN_FLIGHT), which must stay below it. Above the bound the
  # service answers 503 with Retry-After at once (InFlightLimiter, latam_shed_requests_total) and
  # the caller retries while Cloud Run adds instances. Were the bound above Cloud Run's, the
  # service would never shed: Cloud Run would stop at its own limit and queue the excess, then
  # answer 429 or 500 itself when no instance frees up in time, requests the service never sees.
  container_concurrency = 200
  max_in_flight         = 180

  # Google Cloud Managed Service for Prometheus, as a Cloud Run sidecar: scrapes /metrics on the
  # service port of every instance (deploy/cloudrun/runmonitoring.yaml).
  gmp_sidecar_image = "us-docker.pkg.dev/cloud-ops-agents-artifacts/cloud-run-gmp-sidecar/cloud-run-gmp-sidecar:1.2.0"

  # The service's deterministic URL, known before the service exists: the audience the service
  # accepts (LATAM_AUTH_OIDC_AUDIENCE), the one callers ask their ID tokens for, and the one the
  # Pub/Sub push subscription's tokens carry (feed.tf).
  service_url = "https://${local.name}-${data.google_project.this.number}.${var.region}.run.app"
}

# The APIs and the image repository moved to bootstrap/ (applied once before the first deploy):
# states created before that forget them here without destroying them.
removed {
  from = google_project_service.apis
  lifecycle {
    destroy = false
  }
}

removed {
  from = google_artifact_registry_repository.images
  lifecycle {
    destroy = false
  }
}

# --- models --------------------------------------------------------------------------------------

# Model artifacts by version: Latam_flight_model.{version}.onnx and .json, as in Models/.
resource "google_storage_bucket" "models" {
  name                        = "${var.project}-${local.name}-models"
  location                    = var.region
  uniform_bucket_level_access = true
  versioning {
    enabled = true
  }
}

# --- the flight store ----------------------------------------------------------------------------

# One instance per environment. Reached only through the Cloud SQL connector, which needs an
# address but no authorised network and checks roles/cloudsql.client, granted below on this
# instance alone: staging's service account cannot connect to production's instance.
resource "google_sql_database_instance" "flights" {
  name             = "${local.name}-flights"
  database_version = "POSTGRES_15"
  region           = var.region
  settings {
    tier              = local.production ? "db-custom-2-7680" : "db-f1-micro"
    availability_type = local.production ? "REGIONAL" : "ZONAL"
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = local.production
    }
    # Maintenance restarts at a quiet hour, not whenever Google picks: Sunday 04:00 UTC (01:00 in
    # Santiago in summer, midnight in winter).
    maintenance_window {
      day          = 7
      hour         = 4
      update_track = "stable"
    }
    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ENCRYPTED_ONLY"
    }
  }
  deletion_protection = local.production
}

resource "google_sql_database" "latam" {
  name     = "latam"
  instance = google_sql_database_instance.flights.name
}

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "google_sql_user" "latam" {
  name     = "latam"
  instance = google_sql_database_instance.flights.name
  password = random_password.db.result
}

resource "google_secret_manager_secret" "db_password" {
  secret_id = "${local.name}-db-password"
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "db_password" {
  secret      = google_secret_manager_secret.db_password.id
  secret_data = random_password.db.result
}

# --- metrics collection --------------------------------------------------------------------------

# The sidecar's RunMonitoring configuration, mounted at /etc/rungmp/config.yaml.
resource "google_secret_manager_secret" "gmp_config" {
  secret_id = "${local.name}-gmp-config"
  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_version" "gmp_config" {
  secret      = google_secret_manager_secret.gmp_config.id
  secret_data = file("${path.module}/../cloudrun/runmonitoring.yaml")
}

# --- the service ---------------------------------------------------------------------------------

# The identity of this environment's revisions. Every grant below names this environment's own
# resources: its secrets, its bucket, its Cloud SQL instance.
resource "google_service_account" "service" {
  account_id   = local.name
  display_name = "latam-ml-infra ${var.environment} service"
}

# Cloud SQL has no per-instance IAM policy: the project-level grant is narrowed by a condition to
# this environment's instance.
resource "google_project_iam_member" "service_sql" {
  project = var.project
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${google_service_account.service.email}"
  condition {
    title       = "${local.name}-flights only"
    description = "Connect to this environment's Cloud SQL instance and no other"
    expression  = "resource.name == 'projects/${var.project}/instances/${google_sql_database_instance.flights.name}' && resource.type == 'sqladmin.googleapis.com/Instance'"
  }
}

# The Prometheus sidecar writes the scraped series to Managed Service for Prometheus.
resource "google_project_iam_member" "service_metrics" {
  project = var.project
  role    = "roles/monitoring.metricWriter"
  member  = "serviceAccount:${google_service_account.service.email}"
}

resource "google_secret_manager_secret_iam_member" "service_db_password" {
  secret_id = google_secret_manager_secret.db_password.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.service.email}"
}

resource "google_secret_manager_secret_iam_member" "service_gmp_config" {
  secret_id = google_secret_manager_secret.gmp_config.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.service.email}"
}

# The model store (LATAM_MODELS_BUCKET): every instance reads it, and an admin's upload
# (POST /v1/models) adds a version through whichever instance receives it, so the service writes
# objects too. Versions are never replaced (the service creates a card only if absent).
resource "google_storage_bucket_iam_member" "service_models" {
  bucket = google_storage_bucket.models.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.service.email}"
}

resource "google_cloud_run_v2_service" "service" {
  name     = local.name
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    service_account                  = google_service_account.service.email
    max_instance_request_concurrency = local.container_concurrency
    timeout                          = "30s"
    scaling {
      min_instance_count = local.production ? 1 : 0
      max_instance_count = local.production ? 20 : 3
    }

    # The ingress container: the only one with a port.
    containers {
      name  = "app"
      image = var.image
      ports {
        name           = "http1"
        container_port = 8080
      }
      resources {
        limits = {
          cpu    = "2"
          memory = "1Gi"
        }
        cpu_idle          = false
        startup_cpu_boost = true
      }
      env {
        # The Cloud SQL connector (in the image's cloud build) authorises with the service account.
        name  = "QUARKUS_DATASOURCE_JDBC_URL"
        value = "jdbc:postgresql:///latam?cloudSqlInstance=${google_sql_database_instance.flights.connection_name}&socketFactory=com.google.cloud.sql.postgres.SocketFactory"
      }
      env {
        name  = "QUARKUS_DATASOURCE_USERNAME"
        value = google_sql_user.latam.name
      }
      env {
        name = "QUARKUS_DATASOURCE_PASSWORD"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.db_password.secret_id
            version = "latest"
          }
        }
      }
      env {
        # The model store every instance shares; the image's Models/ fill it at first start.
        name  = "LATAM_MODELS_BUCKET"
        value = "gs://${google_storage_bucket.models.name}/models/"
      }
      env {
        name  = "LATAM_AUTH_OIDC_ISSUER"
        value = "https://accounts.google.com"
      }
      env {
        name  = "LATAM_AUTH_OIDC_JWKS_URL"
        value = "https://www.googleapis.com/oauth2/v3/certs"
      }
      env {
        # The service's deterministic URL: callers ask their ID token for this audience
        # (gcloud auth print-identity-token --audiences=...), whichever URL they call.
        name  = "LATAM_AUTH_OIDC_AUDIENCE"
        value = local.service_url
      }
      env {
        # Only invokers may call (google_cloud_run_v2_service_iam_member.invokers): Cloud Run
        # verifies each ID token and passes it on with its signature removed, which the service
        # then takes. Never where allUsers may invoke: Cloud Run checks nothing there, passes
        # tokens on whole, and a token without its signature could be forged.
        name  = "LATAM_AUTH_OIDC_VERIFIED_BY_CLOUD_RUN"
        value = contains(var.invokers, "allUsers") ? "false" : "true"
      }
      env {
        name  = "LATAM_AUTH_OIDC_ADMINS"
        value = join(",", concat(var.admins, [google_service_account.operator.email]))
      }
      env {
        # The feeder role (POST /v1/flights, /v1/departures, /v1/events/pubsub): the Pub/Sub push
        # subscription's service account (feed.tf), whose tokens carry its verified e-mail, and
        # var.feeders. The account, not the subscription: the subscription needs the service's URL.
        name  = "LATAM_AUTH_OIDC_FEEDERS"
        value = join(",", concat([google_service_account.pusher.email], var.feeders))
      }
      env {
        # Below max_instance_request_concurrency: see local.max_in_flight.
        name  = "LATAM_MAX_IN_FLIGHT"
        value = tostring(local.max_in_flight)
      }
      env {
        # Instances x pool must fit the instance's connection limit (by memory: ~25 on
        # db-f1-micro, hundreds on db-custom-2-7680).
        name  = "QUARKUS_DATASOURCE_JDBC_MAX_SIZE"
        value = local.production ? "16" : "4"
      }
      # Up to 2 minutes to be ready (Cloud Run allows 240 s): a start runs Flyway's migrations and
      # loads every stored flight before it is ready; a migration over a large store, or ten years
      # of flights, outlasts 30 s, and an instance killed at its probe's end never gets there.
      startup_probe {
        http_get {
          path = "/q/health/ready"
        }
        period_seconds    = 1
        failure_threshold = 120
      }
      # Liveness answers from memory, but a full collection under load can hold it past the 1 s
      # default: 3 s each, and five misses in a row, before Cloud Run restarts an instance and
      # drops what it was answering.
      liveness_probe {
        http_get {
          path = "/q/health/live"
        }
        period_seconds    = 10
        timeout_seconds   = 3
        failure_threshold = 5
      }
    }

    # Managed Service for Prometheus: scrapes localhost:8080/metrics (the app's port and path)
    # every 30 s, as job "latam-ml-infra", the service's name as label "namespace". It starts
    # once the app is healthy.
    containers {
      name       = "collector"
      image      = local.gmp_sidecar_image
      depends_on = ["app"]
      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle = false
      }
      volume_mounts {
        name       = "gmp-config"
        mount_path = "/etc/rungmp"
      }
      liveness_probe {
        http_get {
          path = "/liveness"
          port = 13133
        }
        period_seconds  = 30
        timeout_seconds = 10
      }
    }

    volumes {
      name = "gmp-config"
      secret {
        secret = google_secret_manager_secret.gmp_config.secret_id
        items {
          version = "latest"
          path    = "config.yaml"
        }
      }
    }
  }

  # Every deploy sends all traffic to the newest ready revision, and takes it back from a revision
  # pinned by hand (gcloud run services update-traffic --to-revisions, docs/OPERATIONS.md#roll-back).
  # Without this block Terraform keeps whatever traffic split it finds, and a new revision after a
  # pin would get none.
  traffic {
    type    = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST"
    percent = 100
  }

  deletion_protection = local.production

  lifecycle {
    precondition {
      condition     = local.max_in_flight < local.container_concurrency
      error_message = "LATAM_MAX_IN_FLIGHT must stay below max_instance_request_concurrency, or the service never sheds and Cloud Run queues instead."
    }
  }

  depends_on = [
    google_secret_manager_secret_version.db_password,
    google_secret_manager_secret_version.gmp_config,
    google_secret_manager_secret_iam_member.service_db_password,
    google_secret_manager_secret_iam_member.service_gmp_config,
    google_project_iam_member.service_sql,
    google_project_iam_member.service_metrics,
    # Each start adds the image's models to the bucket, and a start that cannot is refused.
    google_storage_bucket_iam_member.service_models,
  ]
}

data "google_project" "this" {}

# The on-call's way to act on the service (roll back a model, import flights): an invoker and an
# admin of this environment's service, holding no role in the project. The operators get ID tokens
# for it (gcloud auth print-identity-token --impersonate-service-account=OPERATOR), where the
# deployer, which they would otherwise impersonate, administers the whole project.
resource "google_service_account" "operator" {
  account_id   = "${local.name}-ops"
  display_name = "latam-ml-infra ${var.environment}: the on-call's admin of the service"
}

resource "google_service_account_iam_member" "operators" {
  for_each           = toset(var.operators)
  service_account_id = google_service_account.operator.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = each.value
}

# Only these members may invoke: Cloud Run checks their ID token before the service sees it. The
# deployer is one, for the deploy workflow's smoke test.
resource "google_cloud_run_v2_service_iam_member" "invokers" {
  for_each = toset(concat(
    var.invokers,
    ["serviceAccount:${google_service_account.operator.email}"],
    var.deployer == "" ? [] : ["serviceAccount:${var.deployer}"],
  ))
  name     = google_cloud_run_v2_service.service.name
  location = var.region
  role     = "roles/run.invoker"
  member   = each.value
}
