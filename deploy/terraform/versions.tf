terraform {
  # 1.7: the removed blocks of main.tf.
  required_version = ">= 1.7"
  required_providers {
    google = {
      # Checked against the provider's documentation for v6.50.0 (docs/OPERATIONS.md).
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
  # State in a bucket of its own, created once by hand: terraform init -backend-config=bucket=...
  # with -backend-config=prefix=staging or production, always: an init without a prefix opens the
  # bucket's root (default.tfstate), a third state, empty, and a plan there would create both
  # environments' resources again.
  backend "gcs" {}
}

provider "google" {
  project = var.project
  region  = var.region
}
