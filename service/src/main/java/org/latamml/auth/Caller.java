package org.latamml.auth;

import java.util.Set;

/**
 * Who is calling, once verified.
 *
 * @param name the token's subject or the API key's name (never the token or key itself)
 * @param roles what it may do
 */
public record Caller(String name, Set<String> roles) {}
