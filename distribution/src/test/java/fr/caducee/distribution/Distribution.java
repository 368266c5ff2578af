package fr.caducee.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code package} made (the paths come from the build, distribution/pom.xml), and the real tools the tests use
 * on it: tar, dpkg-deb, the launcher itself.
 */
final class Distribution {
    static final String VERSION = System.getProperty("caducee.version");
    static final Path TARBALL = Path.of(System.getProperty("caducee.tarball"));
    static final Path BUILD_DIR = Path.of(System.getProperty("caducee.buildDir"));

    private Distribution() {
    }

    /** The tarball unpacked with tar into {@code into}; returns the distribution's home, {@code caducee-<version>}. */
    static Path unpack(Path into) {
        run(List.of("tar", "xzf", TARBALL.toString(), "-C", into.toString()), Map.of()).assertDone();
        return into.resolve("caducee-" + VERSION);
    }

    /** The Debian package package made: the only .deb in target/. */
    static Path debianPackage() {
        try (var files = Files.list(BUILD_DIR)) {
            List<Path> packages = files.filter(file -> file.getFileName().toString().endsWith("_all.deb")).toList();
            if (packages.size() != 1) {
                throw new IllegalStateException("expected one .deb in " + BUILD_DIR + ", found " + packages);
            }
            return packages.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command run to its end, within a minute. */
    static Result run(List<String> command, Map<String, String> environment) {
        return run(command, environment, Path.of(""));
    }

    /** The same, in the working directory {@code directory}. */
    static Result run(List<String> command, Map<String, String> environment, Path directory) {
        try {
            Path output = Files.createTempFile("caducee-out", ".txt");
            Path errors = Files.createTempFile("caducee-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(errors.toFile()).directory(directory.toAbsolutePath().toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(command + " did not end within 60 s");
                }
                return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(errors, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The launcher of {@code home} with {@code arguments}. */
    static Result caducee(Path home, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/caducee").toString()));
        command.addAll(List.of(arguments));
        return run(command, environment);
    }

    record Result(List<String> command, int exitCode, String output, String errors) {
        Result assertDone() {
            if (exitCode != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        /** Both streams: what a person at the terminal reads. */
        String console() {
            return output + errors;
        }

        @Override
        public String toString() {
            return command + " exited with " + exitCode + "\n--- stdout\n" + output + "--- stderr\n" + errors;
        }
    }
}
