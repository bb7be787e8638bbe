package io.webops.api;

/**
 * The first admin, created at start when there is none (with a bootstrap API token when one is given), and how
 * long a session lasts. The API owns this record so it takes its settings without importing the command line.
 */
public record AccountSettings(String adminEmail, String adminPassword, String adminToken, int sessionHours) {
}
