package fr.caducee.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer JVM of {@link CrashRecoveryTest}: appenders that print {@code ACK n} once {@code append} of record n
 * returned, until the process is killed. Arguments: folder, first number, appenders.
 */
public final class CrashingAppender {
    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        AtomicInteger next = new AtomicInteger(Integer.parseInt(args[1]));
        int appenders = Integer.parseInt(args[2]);
        FileAuditTrail trail = FileAuditTrail.open(folder, AuditSettings.defaults());
        PrintStream out = System.out;
        for (int i = 0; i < appenders; i++) {
            new Thread(() -> {
                while (true) {
                    int n = next.getAndIncrement();
                    trail.append(Records.numbered(n));
                    synchronized (out) {
                        out.println("ACK " + n);
                        out.flush();
                    }
                }
            }).start();
        }
    }
}
