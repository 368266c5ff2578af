package fr.caducee.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.Decision;

/**
 * The catalogue is the one list of rule ids: docs/RULES.md's table is rendered from it, every class it names exists,
 * and no main code of the project spells a rule id outside it.
 */
class RuleCatalogueTest {
    private static final Path PROJECT = projectRoot();
    private static final Path RULES_DOC = PROJECT.resolve("docs/RULES.md");
    static final String BEGIN = "<!-- rule catalogue: generated from fr.caducee.rules.Rule by RuleCatalogueTest, do not edit -->";
    static final String END = "<!-- end of the rule catalogue -->";
    private static final String REGENERATE = "mvn -B -o -q -pl rules -am test -Dtest=RuleCatalogueTest "
        + "-Dsurefire.failIfNoSpecifiedTests=false -Drules.write=true";
    private static final List<String> MODULES_WITH_MAIN_CODE =
        List.of("domain", "ldap-engine", "directory", "trust", "audit", "rules", "webmail", "gateway", "identity",
            "server");

    @Test
    void rulesMdHoldsTheTableRenderedFromTheCatalogue() throws IOException {
        String document = Files.readString(RULES_DOC, StandardCharsets.UTF_8);
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        assertThat(begin).as("docs/RULES.md has the marker %s", BEGIN).isNotNegative();
        assertThat(end).as("docs/RULES.md has the marker %s after the first one", END).isGreaterThan(begin);
        String rendered = BEGIN + "\n" + table() + END;
        String written = document.substring(begin, end + END.length());
        if (Boolean.getBoolean("rules.write") && !written.equals(rendered)) {
            Files.writeString(RULES_DOC, document.substring(0, begin) + rendered + document.substring(end + END.length()),
                StandardCharsets.UTF_8);
            written = rendered;
        }
        assertThat(written)
            .as("docs/RULES.md's rule catalogue differs from fr.caducee.rules.Rule: regenerate it with%n  %s%n", REGENERATE)
            .isEqualTo(rendered);
    }

    @Test
    void everyIdIsLowerCaseWordsJoinedByHyphensAndOnlyMessageUnreadableHasTwoReplies() {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (Rule rule : Rule.values()) {
            assertThat(rule.id()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
            if (!seen.add(rule.id())) {
                twice.add(rule.id());
            }
        }
        // Two checks have recorded this id with different replies since they exist; ids never change.
        assertThat(twice).containsExactly("message-unreadable");
    }

    @Test
    void everySmtpRefusalHasAReplyAndAnEnhancedCodeOfTheSameClass() {
        for (Rule rule : Rule.values()) {
            if (rule.refusal() && rule.reply().matches("[0-9]{3}") && !rule.stages().contains(Rule.Stage.WEBADMIN)
                    && !rule.stages().contains(Rule.Stage.API) && !rule.stages().contains(Rule.Stage.WEBMAIL)) {
                assertThat(rule.code()).as(rule.id()).matches("[45]\\.[0-9]\\.[0-9]");
                assertThat(rule.code().charAt(0)).as(rule.id()).isEqualTo(rule.reply().charAt(0));
                assertThat(rule.refusal("sentence").reply()).isEqualTo(rule.reply() + " " + rule.code() + " sentence");
                assertThat(rule.refusal("sentence").rule()).isEqualTo(rule.id());
            }
            if (!rule.refusal()) {
                assertThat(rule.decision()).isIn(Decision.CONVERSATION_OPENED, Decision.CONVERSATION_CLOSED, Decision.BOUNCED,
                    Decision.RECORD_ACCESSED, Decision.WEBMAIL_ACTION, Decision.DIRECTORY_CHANGED, Decision.ED_ARRIVAL,
                    Decision.SUPPRESSED, Decision.GATEWAY_READ, Decision.LOGGED_IN, Decision.SIGNATURE_CHECKED,
                    Decision.PUBLISHED, Decision.TLS_RELOADED, Decision.OPERATOR_ACTION);
            }
        }
    }

    @Test
    void everyGatewayRefusalIsAnAcknowledgementWithAConditionOfHl7Table0357() {
        List<Rule> gateway = Arrays.stream(Rule.values())
            .filter(rule -> rule.refusal() && rule.stages().contains(Rule.Stage.GATEWAY)).toList();
        assertThat(gateway).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.reply()).as(rule.id()).isIn("AE", "AR");
            assertThat(rule.code()).as(rule.id()).isIn("100", "101", "102", "103", "200", "201", "202", "203", "204",
                "205", "206", "207");
        });
    }

    @Test
    void everyDepositRefusalIsAnsweredByItsReceiptWithOneOfAnsIntegrationCodes() {
        List<Rule> deposits = Arrays.stream(Rule.values()).filter(rule -> rule.stages().contains(Rule.Stage.RECORD))
            .toList();
        assertThat(deposits).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.decision()).as(rule.id()).isEqualTo(Decision.REFUSED);
            assertThat(rule.stages()).as(rule.id()).containsExactly(Rule.Stage.RECORD);
            assertThat(rule.reply() + " " + rule.code()).as(rule.id()).matches("receipt 90[0-6]");
        });
    }

    @Test
    void everyClassTheCatalogueNamesIsInTheSources() {
        for (Rule rule : Rule.values()) {
            assertThat(rule.classes()).as(rule.id()).isNotEmpty().allSatisfy(name -> assertThat(source(name))
                .as("the class %s of %s", name, rule.id()).isRegularFile());
        }
    }

    @Test
    void noMainCodeSpellsARuleIdOutsideTheCatalogue() throws IOException {
        // Ids of one word (bounces, error) are mail processors' names, which are also words of the code.
        Set<String> ids = Arrays.stream(Rule.values()).map(Rule::id).filter(id -> id.contains("-"))
            .collect(Collectors.toSet());
        Path catalogue = PROJECT.resolve("rules/src/main/java/fr/caducee/rules/Rule.java");
        Pattern literal = Pattern.compile("\"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\"");
        List<String> loose = new ArrayList<>();
        for (String module : MODULES_WITH_MAIN_CODE) {
            try (Stream<Path> files = Files.walk(PROJECT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(catalogue)).toList()) {
                    // Comments may show an audit record as an example; code may not name a rule.
                    String code = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.strip().startsWith("*") && !line.strip().startsWith("//"))
                        .collect(Collectors.joining("\n"));
                    Matcher matcher = literal.matcher(code);
                    while (matcher.find()) {
                        if (ids.contains(matcher.group(1))) {
                            loose.add(PROJECT.relativize(file) + ": \"" + matcher.group(1) + "\"");
                        }
                    }
                    if (code.contains("new SmtpRefusal(")) {
                        loose.add(PROJECT.relativize(file) + ": new SmtpRefusal(...) rather than Rule.X.refusal(sentence)");
                    }
                }
            }
        }
        assertThat(loose).as("rule ids spelled outside fr.caducee.rules.Rule").isEmpty();
    }

    @Test
    void everyMailProcessorThatRecordsABounceIsACatalogueRule() throws IOException {
        String mailets = Files.readString(PROJECT.resolve("james-config/mailetcontainer.xml"), StandardCharsets.UTF_8);
        Set<String> bouncing = new HashSet<>();
        for (String processor : mailets.split("<processor state=\"")) {
            if (processor.contains("fr.caducee.rules.audit.AuditBounced")) {
                bouncing.add(processor.substring(0, processor.indexOf('"')));
            }
        }
        Set<String> bounces = Arrays.stream(Rule.values()).filter(rule -> rule.decision() == Decision.BOUNCED)
            .map(Rule::id).collect(Collectors.toSet());
        assertThat(bouncing).isNotEmpty().isEqualTo(bounces);
    }

    /** The catalogue as a Markdown table, one rule a line, in the enum's order. */
    static String table() {
        Function<String, String> code = text -> text.isEmpty() ? "" : "`" + text + "`";
        StringBuilder table = new StringBuilder()
            .append("| rule | recorded as | at | reply | decided in | what |\n")
            .append("|---|---|---|---|---|---|\n");
        for (Rule rule : Rule.values()) {
            String reply = (rule.reply() + " " + rule.code()).strip();
            table.append("| ").append(code.apply(rule.id()))
                .append(" | ").append(rule.decision())
                .append(" | ").append(rule.stages().stream().map(Rule.Stage::shown).collect(Collectors.joining(", ")))
                .append(" | ").append(reply.isEmpty() ? "DSN" : code.apply(reply))
                .append(" | ").append(rule.classes().stream().map(name -> code.apply(name.replaceFirst("^rules\\.", "")))
                    .collect(Collectors.joining(", ")))
                .append(" | ").append(rule.purpose().replace("|", "\\|"))
                .append(" |\n");
        }
        return table.toString();
    }

    private static Path source(String name) {
        String module = name.substring(0, name.indexOf('.'));
        return PROJECT.resolve(module).resolve("src/main/java/fr/caducee").resolve(name.replace('.', '/') + ".java");
    }

    /** Maven runs the tests in the module's folder; the project's root is its parent. */
    private static Path projectRoot() {
        Path here = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        return Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    }
}
