package fr.caducee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The crash harness: runs a writer in a JVM of its own (this JVM's class path), collects what it acknowledged (the
 * {@code n} of every {@code ACK n} line on its standard output), and kills it with SIGKILL once enough are in,
 * in the middle of its writes. The test then checks that everything acknowledged survived.
 */
public final class KillNine {

    /** The exit status of a process killed by SIGKILL. */
    public static final int SIGKILL_EXIT = 128 + 9;

    private KillNine() {
    }

    /**
     * @param errors         where the writer's standard error goes, shown if it stops before being killed
     * @param acksBeforeKill acknowledgements to read before the kill
     * @param writer         a class with a {@code main} that writes and prints {@code ACK n} once write n returned
     * @return the acknowledged numbers, in the order printed
     */
    public static List<Long> acknowledgedUntilKilled(Path errors, int acksBeforeKill, Class<?> writer, String... args)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
            writer.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                }
                if (!killed && acknowledged.size() >= acksBeforeKill) {
                    kill9(process.pid());
                    killed = true;
                }
            }
            assertThat(killed).as(writer.getSimpleName() + " stopped before being killed: " + Files.readString(errors))
                .isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(SIGKILL_EXIT);
        return acknowledged;
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
