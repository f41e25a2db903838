package io.github.geminibalance.gateway.state;

import java.util.List;

/**
 * One page of a log listing.
 *
 * @param total the rows that match the query, on every page
 * @param rows this page's rows, newest first
 */
public record LogPage<T>(long total, List<Logged<T>> rows) {

    public LogPage {
        rows = List.copyOf(rows);
    }

    /** A stored record and the id it is stored under. */
    public record Logged<T>(long id, T record) {}
}
