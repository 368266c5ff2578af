package fr.caducee.server.records.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;

/**
 * The access rules (records/access, free of James, so outside the rules module) name their refusals by id: each id
 * they write is one of the catalogue's, as every rule the audit trail names.
 */
class AccessRuleIdsTest {

    @Test
    void everyRuleIdTheAccessRulesWriteIsInTheCatalogue() throws Exception {
        String source = Files.readString(Path.of("..", "records", "src", "main", "java", "fr", "caducee", "records",
            "access", "AccessRules.java"));
        Matcher ids = Pattern.compile("\"(record-[a-z-]+)\"").matcher(source);
        Set<String> catalogue = Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.toSet());
        int found = 0;
        while (ids.find()) {
            assertThat(catalogue).contains(ids.group(1));
            found++;
        }
        assertThat(found).isGreaterThan(5);
    }
}
