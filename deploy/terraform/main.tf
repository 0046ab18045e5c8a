locals {
  name       = "latam-ml-infra-${var.environment}"
  production = var.environment == "production"
}

resource "google_project_service" "apis" {
  for_each = toset([
    "run.googleapis.com",
    "sqladmin.googleapis.com",
    "secretmanager.googleapis.com",
    "artifactregistry.googleapis.com",
    "monitoring.googleapis.com",
  ])
  service            = each.value
  disable_on_destroy = false
}

# --- images and models ---------------------------------------------------------------------------

# One repository for both environments: staging's state owns it (apply staging first).
resource "google_artifact_registry_repository" "images" {
  count         = local.production ? 0 : 1
  repository_id = "latam"
  format        = "DOCKER"
  location      = var.region
  description   = "latam-ml-infra service images"
}

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
    ip_configuration {
      # Reached only through the connector, which needs an address but no authorised network.
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

# --- the service ---------------------------------------------------------------------------------

resource "google_service_account" "service" {
  account_id   = local.name
  display_name = "latam-ml-infra ${var.environment} service"
}

resource "google_project_iam_member" "service_sql" {
  project = var.project
  role    = "roles/cloudsql.client"
  member  = "serviceAccount:${google_service_account.service.email}"
}

resource "google_secret_manager_secret_iam_member" "service_db_password" {
  secret_id = google_secret_manager_secret.db_password.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.service.email}"
}

resource "google_storage_bucket_iam_member" "service_models" {
  bucket = google_storage_bucket.models.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.service.email}"
}

resource "google_cloud_run_v2_service" "service" {
  name     = local.name
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    service_account                  = google_service_account.service.email
    max_instance_request_concurrency = 200
    timeout                          = "30s"
    scaling {
      min_instance_count = local.production ? 1 : 0
      max_instance_count = local.production ? 20 : 3
    }
    containers {
      image = var.image
      ports {
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
        name  = "QUARKUS_DATASOURCE_JDBC_URL"
        # The Cloud SQL connector (in the image's cloud build) authorises with the service account.
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
        value = "https://${local.name}-${data.google_project.this.number}.${var.region}.run.app"
      }
      env {
        name  = "LATAM_AUTH_OIDC_ADMINS"
        value = join(",", var.admins)
      }
      env {
        name  = "LATAM_MAX_IN_FLIGHT"
        value = "400"
      }
      env {
        # Instances x pool must fit the instance's connection limit (by memory: ~25 on
        # db-f1-micro, hundreds on db-custom-2-7680).
        name  = "QUARKUS_DATASOURCE_JDBC_MAX_SIZE"
        value = local.production ? "16" : "4"
      }
      startup_probe {
        http_get {
          path = "/q/health/ready"
        }
        period_seconds    = 1
        failure_threshold = 30
      }
      liveness_probe {
        http_get {
          path = "/q/health/live"
        }
        period_seconds = 10
      }
    }
  }
  deletion_protection = local.production
  depends_on = [
    google_project_service.apis,
    google_secret_manager_secret_version.db_password,
    google_secret_manager_secret_iam_member.service_db_password,
    google_project_iam_member.service_sql,
  ]
}

data "google_project" "this" {}

# Only these members may invoke: Cloud Run checks their ID token before the service sees it.
resource "google_cloud_run_v2_service_iam_member" "invokers" {
  for_each = toset(var.invokers)
  name     = google_cloud_run_v2_service.service.name
  location = var.region
  role     = "roles/run.invoker"
  member   = each.value
}
