package org.latamml.store;

/**
 * What an import did.
 *
 * @param rows how many flights the file holds
 * @param changed false when the same file had been imported already, so nothing changed
 */
public record ImportResult(long rows, boolean changed) {}
