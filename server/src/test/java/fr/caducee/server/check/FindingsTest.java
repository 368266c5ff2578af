package fr.caducee.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.InvalidSetting;

class FindingsTest {
    @Test
    void aLineShouldSayTheSeverityWhereTheKeyAndTheSentence() {
        assertThat(Finding.problem("/etc/caducee/caducee.properties", "caducee.demo", "must be true or false").line())
            .isEqualTo("problem: /etc/caducee/caducee.properties: caducee.demo: must be true or false");
        assertThat(Finding.warning("trust-anchors", "", "expires soon").line())
            .isEqualTo("warning: trust-anchors: expires soon");
    }

    @Test
    void problemsShouldComeBeforeWarningsAndTheSummaryCountBoth() {
        Findings findings = new Findings();
        findings.warning("w", "k", "later");
        findings.add(new InvalidSetting("file", "caducee.x", "is not a setting"));
        findings.add("start", new IllegalStateException("cannot start"));

        assertThat(findings.lines()).containsExactly("problem: file: caducee.x: is not a setting",
            "problem: start: cannot start", "warning: w: k: later");
        assertThat(findings.summary()).isEqualTo("2 problems, 1 warning: the server would not start");
        assertThat(findings.hasProblems()).isTrue();
    }

    @Test
    void noProblemShouldSayTheServerWouldStart() {
        assertThat(new Findings().summary()).isEqualTo("0 problems, 0 warnings: the server would start with this "
            + "configuration");
    }
}
