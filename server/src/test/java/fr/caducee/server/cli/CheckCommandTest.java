package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
    @TempDir
    Path work;
    @AfterEach
    void restore() {
        System.clearProperty("caducee.trustAnchors");
    }

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Caducee.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        int status = commandLine.execute(args);
        return status + "\n" + out;
    }

    private Path config(String settings) throws Exception {
        Path config = Files.createDirectories(work.resolve("conf"));
        Files.writeString(config.resolve("smtpserver.xml"), "<smtpservers/>\n");
        Files.writeString(config.resolve("caducee.properties"), settings);
        Path repository = Path.of("").toAbsolutePath().getParent();
        for (String shipped : new String[] {"liste-blanche.xml", "record-access-matrix.txt"}) {
            Files.copy(repository.resolve("james-config").resolve(shipped), config.resolve(shipped));
        }
        System.setProperty("caducee.trustAnchors", Files.createDirectories(work.resolve("anchors")).toString());
        return config;
    }

    @Test
    void aDevelopmentConfigurationShouldPassWithStatusZero() throws Exception {
        Path config = config("");

        String output = run("check", "--offline", "--config", config.toString(), "--data", work.resolve("data").toString());

        assertThat(output).startsWith("0\n").contains("0 problems").doesNotContain("Exception");
    }

    @Test
    void problemsShouldBeListedOneALineWithASummaryAndStatusOne() throws Exception {
        Path config = config("caducee.mx.bnd=0.0.0.0:25\ncaducee.spooler.threads=eight\n");

        String output = run("check", "--offline", "--config", config.toString(), "--data", work.resolve("data").toString());

        assertThat(output.lines()).first().isEqualTo("1");
        assertThat(output).contains("problem: " + config.resolve("caducee.properties") + ": caducee.mx.bnd: is not a "
                + "setting of Caducée; did you mean caducee.mx.bind?")
            .contains("problem: " + config.resolve("caducee.properties") + ": caducee.spooler.threads: must be a whole "
                + "number, was 'eight'")
            .contains("2 problems, 0 warnings: the server would not start")
            .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
