package io.github.geminibalance.gateway.proxy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes a stream's pieces in order, honouring the pause each asks for after itself. Pauses are
 * timer callbacks, never sleeps; pieces that arrive during a pause wait in order behind it. With no
 * pauses it writes straight through.
 */
final class EventPacer {

    private final ResponseSink sink;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Piece> waiting = new ArrayDeque<>(); // guarded by this
    private boolean paused; // guarded by this

    EventPacer(ResponseSink sink, ScheduledExecutorService timer) {
        this.sink = sink;
        this.timer = timer;
    }

    /** Writes {@code data} once every earlier piece and pause is done; {@code whenWritten} may be null. */
    synchronized void write(ByteBuffer data, Runnable whenWritten, Duration delayAfter) {
        submit(new Piece(data, whenWritten, delayAfter, false));
    }

    /** Ends the response after every earlier piece and pause. */
    synchronized void end() {
        submit(new Piece(null, null, Duration.ZERO, true));
    }

    private void submit(Piece piece) {
        if (paused || !waiting.isEmpty()) {
            waiting.add(piece);
        } else {
            emit(piece);
        }
    }

    private void emit(Piece piece) {
        if (piece.end()) {
            sink.end();
            return;
        }
        sink.write(piece.data(), piece.whenWritten());
        if (!piece.delayAfter().isZero()) {
            paused = true;
            timer.schedule(this::resume, piece.delayAfter().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void resume() {
        paused = false;
        while (!paused && !waiting.isEmpty()) {
            emit(waiting.poll());
        }
    }

    private record Piece(ByteBuffer data, Runnable whenWritten, Duration delayAfter, boolean end) {}
}
