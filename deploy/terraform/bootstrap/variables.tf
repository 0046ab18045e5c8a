variable "project" {
  description = "Google Cloud project id (staging and production share it)"
  type        = string
}

variable "region" {
  description = "Region of the image repository; the same as the environments'"
  type        = string
  default     = "us-central1"
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose deploy workflow may act as the deployer"
  type        = string
}
