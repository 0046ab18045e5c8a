terraform {
  required_version = ">= 1.7"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
  }
  # The same state bucket as the environments (created once with gcloud, docs/OPERATIONS.md#first-deploy):
  # terraform init -backend-config=bucket=$PROJECT-terraform-state
  backend "gcs" {
    prefix = "bootstrap"
  }
}

provider "google" {
  project = var.project
  region  = var.region
}
