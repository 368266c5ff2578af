package fr.caducee.server.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.Decision;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.deposit.DepositRules;
import fr.caducee.rules.Rule;

/**
 * Every refusal of a deposit is in the catalogue of rules, with the ANS code its receipt carries: a deposit is
 * refused only through {@link DepositRules}, which holds each id with its code, and the catalogue (stage "record
 * deposit", rendered in docs/RULES.md) lists exactly those ids, each once, with the classes that emit them.
 */
class DepositRuleCatalogueTest {
    private static final Path PROJECT = projectRoot();
    private static final String EMITTER = "records/src/main/java/fr/caducee/records/deposit/DepositRules.java";
    private static final Pattern SPELLED = Pattern.compile("DepositRules\\.([A-Z_]+)\\b");

    @Test
    void everyDepositRuleIsOneRuleOfTheCatalogueWithTheCodeOfItsReceipt() {
        for (DepositRules deposit : DepositRules.values()) {
            List<Rule> named = Arrays.stream(Rule.values()).filter(rule -> rule.id().equals(deposit.id())).toList();
            assertThat(named).as("the rules of the catalogue with the id %s", deposit.id()).hasSize(1);
            Rule rule = named.get(0);
            assertThat(rule.decision()).as(rule.id()).isEqualTo(Decision.REFUSED);
            assertThat(rule.stages()).as(rule.id()).containsExactly(Rule.Stage.RECORD);
            assertThat(rule.reply()).as(rule.id()).isEqualTo("receipt");
            assertThat(rule.code()).as(rule.id()).isEqualTo(String.valueOf(deposit.error().code()));
        }
    }

    @Test
    void theCatalogueHasNoDepositRuleTheRecordCannotEmit() {
        Set<String> catalogued = Arrays.stream(Rule.values()).filter(rule -> rule.stages().contains(Rule.Stage.RECORD))
            .map(Rule::id).collect(Collectors.toSet());
        Set<String> emitted = Arrays.stream(DepositRules.values()).map(DepositRules::id).collect(Collectors.toSet());

        assertThat(catalogued).isEqualTo(emitted);
        assertThat(emitted).hasSize(DepositRules.values().length).allMatch(id -> id.startsWith("record-"));
    }

    @Test
    void aDepositRulesRefusalCarriesItsIdAndItsCode() {
        DepositRefusal refusal = DepositRules.PATIENT_UNKNOWN.refusal("No record for this patient here");

        assertThat(refusal.rule()).isEqualTo("record-patient-unknown");
        assertThat(refusal.error().code()).isEqualTo(902);
        assertThat(refusal.sentence()).isEqualTo("No record for this patient here");
    }

    @Test
    void noMainCodeRefusesADepositOutsideDepositRules() throws IOException {
        List<String> loose = new ArrayList<>();
        for (Path file : mainSources()) {
            String relative = PROJECT.relativize(file).toString();
            if (!relative.equals(EMITTER) && code(file).contains("new DepositRefusal(")) {
                loose.add(relative);
            }
        }
        assertThat(loose).as("main code refusing a deposit with new DepositRefusal(...) rather than "
            + "DepositRules.X.refusal(sentence): its id and code would escape the catalogue").isEmpty();
    }

    @Test
    void theCatalogueNamesEveryClassThatEmitsADepositRuleAndOnlyThose() throws IOException {
        Map<String, DepositRules> byName = Arrays.stream(DepositRules.values())
            .collect(Collectors.toMap(DepositRules::name, Function.identity()));
        Map<String, Rule> catalogued = Arrays.stream(Rule.values())
            .collect(Collectors.toMap(Rule::id, Function.identity(), (first, second) -> first));
        Map<DepositRules, Set<String>> emitters = Arrays.stream(DepositRules.values())
            .collect(Collectors.toMap(Function.identity(), rule -> new TreeSet<>()));
        List<String> readerProblems = new ArrayList<>();
        for (Path file : mainSources()) {
            String relative = PROJECT.relativize(file).toString();
            if (relative.equals(EMITTER)) {
                continue;
            }
            String name = className(relative);
            String code = code(file);
            Matcher matcher = SPELLED.matcher(code);
            while (matcher.find()) {
                if (byName.containsKey(matcher.group(1))) {
                    emitters.get(byName.get(matcher.group(1))).add(name);
                }
            }
            if (code.contains("DepositRules.of(")) {
                readerProblems.add(name);
            }
        }
        for (DepositRules deposit : DepositRules.values()) {
            // The reader's problems (an archive over its bounds, not XML...) become rules through DepositRules.of.
            Set<String> named = Set.copyOf(catalogued.get(deposit.id()).classes());
            Set<String> emitting = emitters.get(deposit);
            if (emitting.isEmpty()) {
                assertThat(named).as("%s, emitted by no class but through DepositRules.of", deposit.id())
                    .isSubsetOf(readerProblems).isNotEmpty();
            } else {
                assertThat(named).as("the classes of %s", deposit.id()).isEqualTo(emitting);
            }
        }
    }

    /** The main sources of the two modules that refuse deposits. */
    private static List<Path> mainSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("records", "server")) {
            try (Stream<Path> files = Files.walk(PROJECT.resolve(module).resolve("src/main/java"))) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        assertThat(sources).isNotEmpty();
        return sources;
    }

    /** The code of a file, without its comments' lines. */
    private static String code(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .filter(line -> !line.strip().startsWith("*") && !line.strip().startsWith("//"))
            .collect(Collectors.joining("\n"));
    }

    /** {@code records/src/main/java/fr/caducee/records/deposit/VersionCheck.java}: {@code records.deposit.VersionCheck}. */
    private static String className(String relative) {
        return relative.substring(relative.indexOf("fr/caducee/") + "fr/caducee/".length(), relative.length() - 5)
            .replace('/', '.');
    }

    /** Maven runs the tests in the module's folder; the project's root is its parent. */
    private static Path projectRoot() {
        Path here = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        return Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    }
}
