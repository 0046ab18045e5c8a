terraform {
  required_version = ">= 1.6"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
  # State in a bucket of its own, created once by hand: terraform init -backend-config=bucket=...
  backend "gcs" {
    prefix = "latam-ml-infra"
  }
}

provider "google" {
  project = var.project
  region  = var.region
}
