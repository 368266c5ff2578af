package fr.caducee.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md ends with the key-by-key reference rendered from {@link Setting}: key, kind, default, and the
 * description its constant's comment in Setting.java gives (or, without one, its section's). The test fails when the
 * two differ; {@code -Dsettings.write=true} rewrites the table.
 */
class SettingsReferenceTest {
    static final String BEGIN = "<!-- settings reference: generated from fr.caducee.server.settings.Setting by "
        + "SettingsReferenceTest, do not edit -->";
    static final String END = "<!-- end of the settings reference -->";
    private static final String REGENERATE = "mvn -B -o -q -pl server test -Dtest=SettingsReferenceTest "
        + "-Dsurefire.failIfNoSpecifiedTests=false -Dsettings.write=true";
    private static final Pattern CONSTANT = Pattern.compile("^ {4}([A-Z][A-Z0-9_]*)\\(\"caducee\\.");
    private static final Pattern SECTION = Pattern.compile("^ {4}// (.+)$");

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/CONFIGURATION.md")) && Files.isDirectory(dir.resolve("server"))) {
                return dir;
            }
        }
        throw new IllegalStateException("docs/CONFIGURATION.md not found above the working directory");
    }

    @Test
    void configurationMdShouldHoldTheReferenceRenderedFromTheSettings() throws IOException {
        Path doc = root().resolve("docs/CONFIGURATION.md");
        String document = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        assertThat(begin).as("docs/CONFIGURATION.md has the marker %s", BEGIN).isNotNegative();
        assertThat(end).as("docs/CONFIGURATION.md has the marker %s after the first one", END).isGreaterThan(begin);
        String rendered = BEGIN + "\n" + table() + END;
        String written = document.substring(begin, end + END.length());
        if (Boolean.getBoolean("settings.write") && !written.equals(rendered)) {
            Files.writeString(doc, document.substring(0, begin) + rendered + document.substring(end + END.length()),
                StandardCharsets.UTF_8);
            written = rendered;
        }
        assertThat(written)
            .as("docs/CONFIGURATION.md's settings reference differs from Setting: regenerate it with%n  %s%n", REGENERATE)
            .isEqualTo(rendered);
    }

    @Test
    void everySettingShouldHaveADescription() throws IOException {
        Map<String, String> descriptions = descriptions();

        for (Setting setting : Setting.values()) {
            assertThat(descriptions.get(setting.name())).as(setting.key()).isNotBlank();
        }
    }

    static String table() throws IOException {
        Map<String, String> descriptions = descriptions();
        StringBuilder table = new StringBuilder("| key | kind | default | description |\n|---|---|---|---|\n");
        for (Setting setting : Setting.values()) {
            table.append("| `").append(setting.key()).append("` | ").append(kind(setting)).append(" | ")
                .append(setting.defaultValue().map(value -> value.isEmpty() ? "(empty: off)" : "`" + value + "`")
                    .orElse(setting.kind() == Setting.Kind.SECRET || setting.kind() == Setting.Kind.SET_BY_SERVER
                        ? "" : "(none)"))
                .append(" | ").append(cell(descriptions.get(setting.name()))).append(" |\n");
        }
        return table.toString();
    }

    private static String kind(Setting setting) {
        String kind = setting.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (setting.kind() == Setting.Kind.SECRET) {
            return kind + ": file named by `" + setting.file().map(Setting::key).orElse("") + "`"
                + setting.environmentVariable().map(variable -> " or `$" + variable + "`").orElse("");
        }
        return setting.perId() ? kind + ", per id" : kind;
    }

    /** Each constant's javadoc in Setting.java, or the {@code //} heading of its section when it has none. */
    static Map<String, String> descriptions() throws IOException {
        List<String> lines = Files.readAllLines(root().resolve(
            "server/src/main/java/fr/caducee/server/settings/Setting.java"), StandardCharsets.UTF_8);
        Map<String, String> descriptions = new HashMap<>();
        String section = "";
        StringBuilder javadoc = null;
        String pending = null;
        for (String line : lines) {
            String text = line.strip();
            Matcher sectionLine = SECTION.matcher(line);
            Matcher constant = CONSTANT.matcher(line);
            if (javadoc != null) {
                javadoc.append(' ').append(text.replaceFirst("^\\*/?", "").replace("*/", "").strip());
                if (text.endsWith("*/")) {
                    pending = javadoc.toString().strip();
                    javadoc = null;
                }
            } else if (text.startsWith("/**")) {
                javadoc = new StringBuilder(text.substring(3).replace("*/", "").strip());
                if (text.endsWith("*/")) {
                    pending = javadoc.toString().strip();
                    javadoc = null;
                }
            } else if (sectionLine.matches()) {
                section = sectionLine.group(1).strip();
                pending = null;
            } else if (constant.find()) {
                descriptions.put(constant.group(1), pending != null ? pending : section);
                pending = null;
            }
        }
        return descriptions;
    }

    private static String cell(String javadoc) {
        Matcher link = Pattern.compile("\\{@link #([A-Z][A-Z0-9_]*)}").matcher(javadoc);
        StringBuilder keys = new StringBuilder();
        while (link.find()) {
            link.appendReplacement(keys, Matcher.quoteReplacement("`" + Setting.valueOf(link.group(1)).key() + "`"));
        }
        link.appendTail(keys);
        return keys.toString().replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
            .replaceAll("\\{@link (?:[A-Za-z.]*#)?([^} ]*)(?: ([^}]*))?}", "$1")
            .replaceAll("\\s+", " ").replace("|", "\\|").strip();
    }
}
