package fr.caducee.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time a server has used: its JVM and every process under it (the managed PostgreSQL and its backends), from
 * {@code /proc/<pid>/stat} (user + system, in clock ticks), as scripts/bench-records counts it.
 */
final class ServerCpu {
    private final long pid;
    private final int clockHz;

    ServerCpu(long pid, int clockHz) {
        this.pid = pid;
        this.clockHz = clockHz;
    }

    /** Milliseconds of CPU used so far by the server's process tree; 0 when it cannot be read (not Linux). */
    long millis() {
        ProcessHandle server = ProcessHandle.of(pid).orElse(null);
        if (server == null) {
            return 0;
        }
        long ticks = Stream.concat(Stream.of(server), server.descendants()).mapToLong(ServerCpu::ticks).sum();
        return ticks * 1000 / clockHz;
    }

    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
            // 14th and 15th fields of the line, the 12th and 13th after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // a backend that ended meanwhile
        }
    }
}
