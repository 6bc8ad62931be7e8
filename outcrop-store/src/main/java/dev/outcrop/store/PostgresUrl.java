package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL database is, as users write it: {@code postgresql://user:password@host:5432/outcrop?sslmode=require}
 * (the libpq URI form; {@code postgres://} too), or a JDBC URL {@code jdbc:postgresql://host/db}. The password may
 * also come from elsewhere (the environment), so that it is in neither a file nor a command line.
 *
 * @param jdbcUrl the JDBC URL without credentials
 * @param user the user, or null for the driver's default
 * @param password the password, or null
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {
    /** Checks the members. */
    public PostgresUrl {
        requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** Whether {@code url} names a PostgreSQL database (by its scheme). */
    public static boolean isPostgres(String url) {
        return url.startsWith("postgresql://") || url.startsWith("postgres://") || url.startsWith("jdbc:postgresql:");
    }

    /**
     * Parses a database URL.
     *
     * @throws IllegalArgumentException saying what is wrong, without the password
     */
    public static PostgresUrl parse(String url) {
        requireNonNull(url, "url");
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(url, null, null);
        }
        if (!isPostgres(url)) {
            throw new IllegalArgumentException("not a PostgreSQL URL (expected: postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (expected: postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host (expected: postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1) {
            throw new IllegalArgumentException("has no database name (expected: postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return new PostgresUrl(jdbc, user, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** This location with the password replaced (when {@code password} is not null). */
    public PostgresUrl withPassword(String newPassword) {
        return newPassword == null ? this : new PostgresUrl(jdbcUrl, user, newPassword);
    }

    @Override
    public String toString() {
        return (user != null ? user + "@" : "") + jdbcUrl.replaceFirst("^jdbc:", "").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
