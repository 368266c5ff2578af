package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fr.caducee.trust.admin.OperatorKey;

/**
 * The README's {@code scripts/directory} commands, as a newcomer types them: each one is understood by the command
 * line, and the box it creates belongs to a professional the README created first (not to a demo professional who
 * already has a box).
 */
class ReadmeDirectoryCommandsTest {
    private static final Path README = repositoryRoot().resolve("README.md");

    @TempDir
    Path data;
    private HttpServer webAdmin;
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void startAWebAdminThatSaysYes() throws IOException {
        OperatorKey.ensure(data.resolve("pki"));
        webAdmin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webAdmin.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        webAdmin.start();
    }

    @AfterEach
    void stop() {
        webAdmin.stop(0);
    }

    @Test
    void everyDirectoryCommandOfTheReadmeIsUnderstoodAsWritten() throws IOException {
        List<List<String>> commands = readmeCommands();
        assertThat(commands).isNotEmpty();

        for (List<String> command : commands) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> arguments = withFilesIn(command);
            int status = withStandardInput("a new password\n", () -> cli(out, err).run(arguments));

            assertThat(status).as("scripts/directory %s answered: %s", String.join(" ", command), err).isZero();
        }
        assertThat(requests).anySatisfy(request -> assertThat(request).startsWith("PUT /directory/boxes/"));
    }

    @Test
    void theBoxTheReadmeCreatesBelongsToTheProfessionalItCreatedJustBefore() throws IOException {
        List<String> professionalsPut = new ArrayList<>();
        List<String> boxHolders = new ArrayList<>();
        for (List<String> command : readmeCommands()) {
            if (command.size() > 2 && command.get(0).equals("professional") && command.get(1).equals("put")) {
                professionalsPut.add(command.get(2));
            }
            if (command.size() > 2 && command.get(0).equals("box") && command.get(1).equals("put")) {
                int holder = command.indexOf("--professional");
                if (holder > 0) {
                    assertThat(professionalsPut).as("the README puts professional %s before giving them %s",
                        command.get(holder + 1), command.get(2)).contains(command.get(holder + 1));
                    boxHolders.add(command.get(holder + 1));
                }
            }
        }
        assertThat(boxHolders).as("the README shows how to create a PER box").isNotEmpty();
    }

    private DirectoryCli cli(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new DirectoryCli("http://127.0.0.1:" + webAdmin.getAddress().getPort(), data,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** A file the command reads (an extract, an LDIF) is made, empty, in the temporary folder. */
    private List<String> withFilesIn(List<String> command) throws IOException {
        List<String> arguments = new ArrayList<>(command);
        if (arguments.get(0).equals("import") && arguments.size() > 2) {
            Path file = data.resolve(Path.of(arguments.get(2)).getFileName());
            Files.writeString(file, "");
            arguments.set(2, file.toString());
        }
        return arguments;
    }

    /** The arguments of each {@code scripts/directory} line of the README's shell blocks, before any pipe. */
    private static List<List<String>> readmeCommands() throws IOException {
        List<List<String>> commands = new ArrayList<>();
        boolean inShell = false;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inShell = !inShell && line.equals("```sh");
                continue;
            }
            if (inShell && line.startsWith("scripts/directory ")) {
                String command = line.substring("scripts/directory ".length()).split("\\|")[0].strip();
                commands.add(Arrays.asList(command.split("\\s+")));
            }
        }
        return commands;
    }

    private interface Run {
        int run();
    }

    private static int withStandardInput(String text, Run run) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.run();
        } finally {
            System.setIn(before);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("scripts"))) {
                return dir;
            }
        }
        throw new IllegalStateException("README.md not found above the working directory");
    }
}
