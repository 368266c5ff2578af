package fr.caducee.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md, james-config/caducee.properties and the code agree on the settings: each one the code reads is
 * documented and listed with its default, and the documentation lists none the code does not read.
 */
class SettingsDocumentedTest {
    private static final Pattern KEY = Pattern.compile("`(caducee\\.[A-Za-z.<>]+)`");
    private static final Pattern READ_IN_CODE = Pattern.compile(
        "(?:getProperty|setProperty|required)\\(\\s*\"(caducee\\.[A-Za-z.]+)\"|\\$\\{(?:sys:)?(caducee\\.[A-Za-z.]+)");

    private static final Path ROOT = root();

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/CONFIGURATION.md")) && Files.isDirectory(dir.resolve("james-config"))) {
                return dir;
            }
        }
        throw new IllegalStateException("docs/CONFIGURATION.md not found above the working directory");
    }

    private static Set<String> registry() {
        return Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The keys named in the first column of the document's tables written by hand: the generated reference
     * ({@link SettingsReferenceTest}) lists every key anyway, so it is left out; each part's section must still
     * say what its settings do.
     */
    private static Set<String> documented() throws IOException {
        Set<String> keys = new TreeSet<>();
        boolean generated = false;
        for (String line : Files.readAllLines(ROOT.resolve("docs/CONFIGURATION.md"))) {
            if (line.equals(SettingsReferenceTest.BEGIN) || line.equals(SettingsReferenceTest.END)) {
                generated = line.equals(SettingsReferenceTest.BEGIN);
                continue;
            }
            if (!generated && line.startsWith("| `caducee.")) {
                Matcher matcher = KEY.matcher(line.substring(0, line.indexOf('|', 1)));
                while (matcher.find()) {
                    keys.add(matcher.group(1));
                }
            }
        }
        return keys;
    }

    private static Set<String> readInCode() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(Files::isRegularFile)
                .filter(file -> {
                    String path = ROOT.relativize(file).toString();
                    return path.contains("src/main/java/") && path.endsWith(".java")
                        || path.startsWith("james-config/") && !path.endsWith("caducee.properties");
                })
                .filter(file -> !file.toString().contains("/target/"))
                .forEach(file -> {
                    try {
                        Matcher matcher = READ_IN_CODE.matcher(Files.readString(file));
                        while (matcher.find()) {
                            keys.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        }
        return keys;
    }

    @Test
    void everySettingShouldBeDocumentedAndTheDocumentShouldListNoOther() throws IOException {
        assertThat(documented()).containsExactlyInAnyOrderElementsOf(registry());
    }

    @Test
    void everySettingReadInTheCodeOrInJamesConfigurationShouldBeInTheRegistry() throws IOException {
        Set<String> read = readInCode();

        assertThat(read).contains("caducee.mx.bind", "caducee.data");
        assertThat(registry()).containsAll(read);
    }

    @Test
    void theSettingsFileShouldShowEveryOperatorSettingWithItsDefault() throws IOException {
        String file = Files.readString(ROOT.resolve("james-config/" + Settings.FILE_NAME));

        for (Setting setting : Setting.values()) {
            if (setting.kind() == Setting.Kind.SECRET || setting.kind() == Setting.Kind.SET_BY_SERVER
                || setting == Setting.CONFIG) {
                assertThat(file).as(setting.key()).doesNotContain("#" + setting.key() + "=");
                continue;
            }
            assertThat(file).as(setting.key()).contains("#" + setting.key() + "=" + setting.defaultValue().orElse("") + "\n");
        }
    }
}
