package fr.caducee.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server started from the unpacked tarball by {@code bin/caducee run}, as systemd starts it: demo boxes on
 * loopback, data in a folder named by CADUCEE_DATA, stopped by SIGTERM without an error.
 */
class InstalledServerIT {
    private static final Pattern ERROR_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR .*");
    private static final String[] LISTENERS = {"mx.bind", "submission.bind", "submissions.bind", "imap.bind",
        "imaps.bind", "api.bind", "webmail.bind", "directory.listen"};

    @TempDir
    Path installed;

    @Test
    void theInstalledServerShouldStartAnswerSmtpAndStopCleanlyOnSigterm() throws Exception {
        Path home = Distribution.unpack(installed);
        Path data = installed.resolve("data");
        letTheManagedDatabaseThrough(installed);
        List<Integer> ports = freePorts(LISTENERS.length + 1);
        StringBuilder options = new StringBuilder("-Xmx512m -Dcaducee.hostnames=localhost -Dcaducee.webadmin.port=")
            .append(ports.get(LISTENERS.length));
        for (int i = 0; i < LISTENERS.length; i++) {
            options.append(" -Dcaducee.").append(LISTENERS[i]).append("=127.0.0.1:").append(ports.get(i));
        }
        Path console = Files.createDirectories(Distribution.BUILD_DIR.resolve("it-logs")).resolve("InstalledServerIT.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/caducee").toString(), "run")
            .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put("CADUCEE_DATA", data.toString());
        builder.environment().put("CADUCEE_JAVA_OPTS", options.toString());

        long started = System.nanoTime();
        Process server = builder.start();
        try {
            awaitReady(server, console);
            System.out.printf("installed server ready in %.1f s%n", (System.nanoTime() - started) / 1e9);

            try (Socket smtp = new Socket("127.0.0.1", ports.get(0))) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(reader.readLine()).startsWith("220 ");
                smtp.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(reader.readLine()).startsWith("221 ");
            }
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
                throw new AssertionError("no stop within 60 s of SIGTERM; see " + console);
            }
        }

        List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
        assertThat(server.exitValue()).as("exit status after SIGTERM; see " + console).isIn(0, 143);
        assertThat(lines).as(console.toString()).noneMatch(line -> ERROR_LINE.matcher(line).matches())
            .noneMatch(line -> line.startsWith("\tat "))
            .contains("  data         " + data, "  config       " + home.resolve("conf"));
        assertThat(data.resolve("log/caducee.log")).isRegularFile();
        assertThat(data.resolve("demo-accounts.txt")).isRegularFile();
    }

    private static void awaitReady(Process server, Path console) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(console, StandardCharsets.UTF_8);
            if (lines.stream().anyMatch(line -> line.startsWith("Cadu") && line.endsWith(" ready"))) {
                return;
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + " before it was ready:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server was not ready within 180 s; see " + console);
    }

    /**
     * Run as root, the managed PostgreSQL runs as an unprivileged account, which must pass through the temporary
     * folders above the data folder (JUnit's are owner-only): they get {@code o+x}, never {@code r}.
     */
    private static void letTheManagedDatabaseThrough(Path folder) throws IOException {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path current = folder.toAbsolutePath().normalize(); current != null && current.startsWith(temporary)
                && !current.equals(temporary); current = current.getParent()) {
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(current));
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(current, permissions);
            }
        }
    }

    /**
     * Ports nobody listens on, below the kernel's ephemeral range: one from that range could become the local end of
     * an outgoing connection before the server binds it.
     */
    private static List<Integer> freePorts(int count) {
        Random random = new Random();
        Set<Integer> chosen = new HashSet<>();
        while (chosen.size() < count) {
            int port = 12_000 + random.nextInt(18_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                chosen.add(port);
            } catch (IOException e) {
                // taken: another one
            }
        }
        return List.copyOf(chosen);
    }
}
