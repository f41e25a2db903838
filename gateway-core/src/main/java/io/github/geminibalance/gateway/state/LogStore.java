package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the request log and the error log are kept: the embedded SQLite database by default, and
 * any shared database behind the same interface. Keys appear only as fingerprints. Calls block;
 * the gateway writes from a thread of its own and reads from worker threads, never from an I/O
 * thread.
 */
public interface LogStore extends AutoCloseable {

    /** Appends the records of one batch as one transaction; failed attempts go to the error log. */
    void append(List<RequestRecord> requests, List<AttemptRecord> errors) throws StoreException;

    LogPage<RequestRecord> requests(LogQuery query) throws StoreException;

    LogPage<AttemptRecord> errors(LogQuery query) throws StoreException;

    /** One error log row with the request body, when it was recorded. */
    Optional<LogPage.Logged<AttemptRecord>> error(long id) throws StoreException;

    /** Deletes the rows of these ids from one log; returns how many there were. */
    long delete(Log log, Collection<Long> ids) throws StoreException;

    /** Deletes the rows of one log older than {@code before}; returns how many there were. */
    long deleteBefore(Log log, Instant before) throws StoreException;

    /** The figures of the minute, hour and day before {@code now}, with the first {@code top} of each ranking. */
    CallStats stats(Instant now, int top) throws StoreException;

    @Override
    void close();

    /** The two logs. */
    enum Log {
        REQUESTS, ERRORS
    }
}
