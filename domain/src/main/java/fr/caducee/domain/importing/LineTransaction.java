package fr.caducee.domain.importing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * The writes of one line (or entry), kept so that they can be undone if a later write of the same line fails: a
 * line is applied whole or not at all. Also holds the locks the line took, released when it ends either way.
 */
final class LineTransaction {

    private record Undo(String what, Runnable action) {
    }

    private final Deque<Undo> undos = new ArrayDeque<>(2);
    private final List<Runnable> onCommit = new ArrayList<>(4);
    private final List<Lock> locks = new ArrayList<>(2);

    /** Takes the lock until the line ends. */
    void hold(Lock lock) {
        lock.lock();
        locks.add(lock);
    }

    /** Registers how to undo a write just made, described as e.g. {@code the addition of professional X}. */
    void undoWith(String what, Runnable action) {
        undos.push(new Undo(what, action));
    }

    /** Something to do once every write of the line has succeeded (counting, settling shared records). */
    void onCommit(Runnable action) {
        onCommit.add(action);
    }

    void commit() {
        try {
            onCommit.forEach(Runnable::run);
        } finally {
            release();
        }
    }

    /**
     * Undoes the line's writes, latest first. Returns an empty string when all were undone, otherwise a sentence
     * ({@code "; could not undo ..."}) to append to the line's report.
     */
    String rollback() {
        List<String> failures = new ArrayList<>();
        try {
            while (!undos.isEmpty()) {
                Undo undo = undos.pop();
                try {
                    undo.action().run();
                } catch (RuntimeException e) {
                    failures.add(undo.what() + " (" + e.getMessage() + ")");
                }
            }
        } finally {
            release();
        }
        return failures.isEmpty() ? "" : "; could not undo " + String.join(", ", failures);
    }

    private void release() {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).unlock();
        }
        locks.clear();
    }
}
