# What the deploy workflow needs before its first run, applied once by a project owner
# (docs/OPERATIONS.md#first-deploy): the APIs, the image repository the workflow pushes to, the
# deployer service account and the Workload Identity Federation that lets this repository's
# workflow act as it. The environments (../main.tf) are then created by the workflow itself.

resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "sqladmin.googleapis.com",
    "sts.googleapis.com",
  ])
  service            = each.value
  disable_on_destroy = false
}

# One repository for both environments: production deploys the digest staging tested.
resource "google_artifact_registry_repository" "images" {
  repository_id = "latam"
  format        = "DOCKER"
  location      = var.region
  description   = "latam-ml-infra service images"
  depends_on    = [google_project_service.apis]
}

# --- the deployer: what .github/workflows/deploy.yml acts as -------------------------------------

resource "google_service_account" "deployer" {
  account_id   = "latam-deployer"
  display_name = "latam-ml-infra deploy workflow"
  depends_on   = [google_project_service.apis]
}

# What ../main.tf creates in both environments: the service and its IAM, its service accounts,
# Cloud SQL, secrets, buckets (and the Terraform state's), SLOs and alert policies, the
# log-based metric, project IAM bindings for the services' accounts, and the flights feed's
# Pub/Sub topics and subscriptions with their IAM (../feed.tf).
resource "google_project_iam_member" "deployer" {
  for_each = toset([
    "roles/cloudsql.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/logging.configWriter",
    "roles/monitoring.editor",
    "roles/pubsub.admin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/run.admin",
    "roles/secretmanager.admin",
    "roles/storage.admin",
  ])
  project = var.project
  role    = each.value
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

resource "google_artifact_registry_repository_iam_member" "deployer_push" {
  repository = google_artifact_registry_repository.images.name
  location   = var.region
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.deployer.email}"
}

# --- Workload Identity Federation: GitHub's OIDC token, no key --------------------------------

resource "google_iam_workload_identity_pool" "github" {
  workload_identity_pool_id = "github"
  display_name              = "GitHub Actions"
  depends_on                = [google_project_service.apis]
}

# Only this repository's runs on main or hotfix/* branches are accepted: a pull request or
# another branch cannot deploy.
resource "google_iam_workload_identity_pool_provider" "github" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.github.workload_identity_pool_id
  workload_identity_pool_provider_id = "latam-ml-infra"
  display_name                       = "latam-ml-infra deploys"
  attribute_mapping = {
    "google.subject"       = "assertion.sub"
    "attribute.repository" = "assertion.repository"
    "attribute.ref"        = "assertion.ref"
  }
  attribute_condition = "assertion.repository == '${var.github_repository}' && (assertion.ref == 'refs/heads/main' || assertion.ref.startsWith('refs/heads/hotfix/'))"
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

# Lets those runs act as the deployer: access tokens, and the ID token of the smoke test.
resource "google_service_account_iam_member" "deployer_workload_identity" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/attribute.repository/${var.github_repository}"
}
