package fr.caducee.server.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import fr.caducee.testkit.CaduceeProcess;

/** The operator's command, {@code caducee ...}, run as its own process from the packaged server. */
record CaduceeCommand(int exitCode, String output) {
    static CaduceeCommand run(String... args) throws Exception {
        Path root = CaduceeProcess.repositoryRoot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", root.resolve("server/target/caducee-server.jar") + ":" + root.resolve("server/target/lib") + "/*",
            "fr.caducee.server.cli.Caducee"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CaduceeCommand(process.waitFor(), output);
    }

    /** {@code caducee reload} against this server. */
    static CaduceeCommand reload(CaduceeProcess server) throws Exception {
        return run("reload", "--webadmin", "http://127.0.0.1:" + server.ports().webAdmin(),
            "--data", server.dataDir().toString());
    }
}
