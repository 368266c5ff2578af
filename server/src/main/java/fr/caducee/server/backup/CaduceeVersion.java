package fr.caducee.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this Caducée, from the jar (the build writes it), and what "the same major version" means. */
final class CaduceeVersion {
    static final String UNKNOWN = "development";

    private CaduceeVersion() {
    }

    static String current() {
        String version = CaduceeVersion.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (InputStream in = CaduceeVersion.class.getResourceAsStream(
                "/META-INF/maven/fr.caducee/caducee-server/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", UNKNOWN);
            }
        } catch (IOException e) {
            // a development build from target/classes: no version
        }
        return UNKNOWN;
    }

    /**
     * The major version: the first number, or the first two while it is 0 (0.1 and 0.2 may differ in their data as
     * 1 and 2 would).
     */
    static String major(String version) {
        String[] numbers = version.split("[.-]");
        if (numbers.length > 1 && numbers[0].equals("0")) {
            return numbers[0] + "." + numbers[1];
        }
        return numbers[0];
    }

    /** Whether a backup taken by {@code taken} restores with {@code running}; an unknown (development) one does. */
    static boolean sameMajor(String taken, String running) {
        return taken.equals(UNKNOWN) || running.equals(UNKNOWN) || major(taken).equals(major(running));
    }
}
