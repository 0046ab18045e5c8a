variable "project" {
  description = "Google Cloud project id"
  type        = string
}

variable "region" {
  description = "Region of every resource"
  type        = string
  default     = "us-central1"
}

variable "environment" {
  description = "staging or production: names resources and picks their size"
  type        = string
  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production"
  }
}

variable "image" {
  description = "The service image, by digest: REGION-docker.pkg.dev/PROJECT/latam/latam-ml-infra@sha256:..."
  type        = string
}

variable "invokers" {
  description = "Members allowed to call the service (serviceAccount:ops@..., group:...)"
  type        = list(string)
  default     = []
}

variable "admins" {
  description = "Subjects or e-mails that also hold the admin role (switch models, import flights)"
  type        = list(string)
  default     = []
}

variable "operators" {
  description = "Members who may act as the service's operator account in an incident (group:oncall@..., user:...): it is an invoker and an admin (roll back a model, import flights), and they get ID tokens for it, nothing else"
  type        = list(string)
  default     = []
}

variable "feeders" {
  description = "Subjects or e-mails that also hold the feeder role (post flights and departures over HTTP), besides the Pub/Sub push subscription's service account; they must be invokers too"
  type        = list(string)
  default     = []
}

variable "event_publishers" {
  description = "Members allowed to publish to the flight events topic (serviceAccount:schedules@..., group:...)"
  type        = list(string)
  default     = []
}

variable "alert_email" {
  description = "Where every alert goes (SLO burn rates, the median latency, the model alerts)"
  type        = string
}

variable "page_notification_channels" {
  description = "Cloud Monitoring notification channels that page someone (PagerDuty, SMS: ids such as projects/P/notificationChannels/N, made outside this module); the page-severity alerts go to them too, tickets only by e-mail"
  type        = list(string)
  default     = []
}

# A warning at every plan and apply, not an error: a first deploy may come before the paging
# channel exists, but production's pages must not stay in an inbox unnoticed.
check "production_pages_someone" {
  assert {
    condition     = var.environment != "production" || length(var.page_notification_channels) > 0
    error_message = "production has no page_notification_channels: its page alerts reach only alert_email. Set them in environments/production.tfvars (docs/OPERATIONS.md#first-deploy)."
  }
}

variable "deployer" {
  description = "The deploy workflow's service account e-mail (bootstrap's output): also an invoker, for the smoke test"
  type        = string
  default     = ""
}

variable "repository_url" {
  description = "https://github.com/OWNER/NAME: alert policies link their runbook section there when set"
  type        = string
  default     = ""
}
