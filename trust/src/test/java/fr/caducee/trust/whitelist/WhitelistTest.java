package fr.caducee.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.model.OperatorDn;

class WhitelistTest {

    private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");

    private static final Instant GENERATED = Instant.parse("2026-03-01T22:00:00Z");
    private static final OperatorDn ORDRES = OperatorDn.parse("CN=mss.ordres.example.fr,O=ORDRES,C=FR");
    private static final OperatorDn HCL_1 = OperatorDn.parse("CN=smtp-1.hcl.example.fr,O=HCL,C=FR");
    private static final OperatorDn HCL_2 = OperatorDn.parse("CN=smtp-2.hcl.example.fr,O=HCL,C=FR");
    private static final OperatorDn EXEMPLE = OperatorDn.parse("CN=mx.exemple.fr,O=GH EXEMPLE,C=FR");

    private static WhitelistEntry entry(String domain, OperatorDn operator, String description) {
        return new WhitelistEntry(domain, description, operator, "01 00 00 00 01", "support@example.fr", null);
    }

    private final Whitelist list = Whitelist.fromEntries(List.of(
                    entry("medecin.mssante.fr", ORDRES, "Ordres"),
                    entry("Hôpital-Exemple.fr", EXEMPLE, "GH Exemple"),
                    entry("CHU-Lyon.mssante.fr.", HCL_1, "HCL"),
                    entry("chu-lyon.mssante.fr", HCL_2, "HCL secours"),
                    entry("chu-lyon.mssante.fr", OperatorDn.parse("cn=SMTP-2.hcl.example.fr, o=hcl, c=fr"), "HCL bis")),
            GENERATED, NOW, "/etc/caducee/liste-blanche.xml");

    @Test
    void storesAsciiLowerCaseAndMergesDuplicates() {
        assertThat(list.domains())
                .containsExactly("chu-lyon.mssante.fr", "medecin.mssante.fr", "xn--hpital-exemple-0ob.fr");
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.entryCount()).isEqualTo(5);
        assertThat(list.operatorCount()).isEqualTo(4);
        assertThat(list.generatedAt()).contains(GENERATED);
        assertThat(list.loadedAt()).isEqualTo(NOW);
        assertThat(list.source()).isEqualTo("/etc/caducee/liste-blanche.xml");
    }

    @Test
    void matchesWhateverFormTheDomainArrivesIn() {
        assertThat(list.contains("medecin.mssante.fr")).isTrue();
        assertThat(list.contains("MEDECIN.MSSANTE.FR.")).isTrue();
        assertThat(list.contains("hôpital-exemple.fr")).isTrue();
        assertThat(list.contains("HÔPITAL-EXEMPLE.FR")).isTrue();
        assertThat(list.contains("xn--hpital-exemple-0ob.fr")).isTrue();
    }

    @Test
    void doesNotImplySubDomainsOrParents() {
        assertThat(list.contains("patient.medecin.mssante.fr")).isFalse();
        assertThat(list.contains("mssante.fr")).isFalse();
        assertThat(list.contains("evilmedecin.mssante.fr")).isFalse();
    }

    @Test
    void givesTheOperatorsOfADomainWhateverFormItArrivesIn() {
        assertThat(list.operatorsOf("medecin.mssante.fr")).containsExactly(ORDRES);
        assertThat(list.operatorsOf("HÔPITAL-EXEMPLE.FR.")).containsExactly(EXEMPLE);
        // Three entries, two DNs: the third names the second again.
        assertThat(list.operatorsOf("chu-lyon.mssante.fr")).containsExactlyInAnyOrder(HCL_1, HCL_2);
    }

    @Test
    void thePatientSubDomainOfAListedDomainHasThatDomainsOperators() {
        assertThat(list.operatorsOf("patient.chu-lyon.mssante.fr")).containsExactlyInAnyOrder(HCL_1, HCL_2);
        assertThat(list.operatorsOf("PATIENT.medecin.mssante.fr")).containsExactly(ORDRES);
        // ...but it is not listed itself, and no other sub-domain inherits anything.
        assertThat(list.contains("patient.chu-lyon.mssante.fr")).isFalse();
        assertThat(list.operatorsOf("mx.chu-lyon.mssante.fr")).isEmpty();
        assertThat(list.operatorsOf("patient.patient.chu-lyon.mssante.fr")).isEmpty();
        assertThat(list.operatorsOf("patient.gmail.com")).isEmpty();
    }

    @Test
    void hasNoOperatorForAnUnlistedOrMalformedDomain() {
        assertThat(list.operatorsOf("gmail.com")).isEmpty();
        assertThat(list.operatorsOf(null)).isEmpty();
        assertThat(list.operatorsOf("not valid.fr")).isEmpty();
    }

    @Test
    void knowsWhichDnsAreListedOperators() {
        assertThat(list.isListedOperator(OperatorDn.parse("CN=SMTP-1.HCL.EXAMPLE.FR, O=HCL, C=FR"))).isTrue();
        assertThat(list.isListedOperator(OperatorDn.parse("CN=smtp-3.hcl.example.fr,O=HCL,C=FR"))).isFalse();
        assertThat(list.isListedOperator(null)).isFalse();
    }

    @Test
    void keepsTheEntriesOfADomainInTheListsOrder() {
        assertThat(list.entriesFor("CHU-LYON.mssante.fr")).extracting(WhitelistEntry::description)
                .containsExactly("HCL", "HCL secours", "HCL bis");
        assertThat(list.entriesFor("chu-lyon.mssante.fr")).allMatch(e -> e.domain().equals("chu-lyon.mssante.fr"));
        assertThat(list.entriesFor("hôpital-exemple.fr").get(0).supportContact()).isEqualTo("support@example.fr");
        assertThat(list.entriesFor("patient.chu-lyon.mssante.fr")).isEmpty();
        assertThat(list.entriesFor("gmail.com")).isEmpty();
    }

    @Test
    void aListOfNamesOnlyHasNoOperators() {
        Whitelist names = Whitelist.of(List.of("a.fr", "B.fr"), NOW, "test");
        assertThat(names.domains()).containsExactly("a.fr", "b.fr");
        assertThat(names.operatorsOf("a.fr")).isEmpty();
        assertThat(names.entryCount()).isZero();
        assertThat(names.operatorCount()).isZero();
        assertThat(names.generatedAt()).isEmpty();
    }

    @Test
    void doesNotTrustGarbage() {
        assertThat(list.contains(null)).isFalse();
        assertThat(list.contains("")).isFalse();
        assertThat(list.contains("gmail.com")).isFalse();
        assertThat(list.contains("medecin_mssante.fr")).isFalse();
        assertThat(list.contains("a".repeat(300))).isFalse();
    }

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> list.domains().add("gmail.com")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.operatorsOf("medecin.mssante.fr").add(HCL_1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.entriesFor("medecin.mssante.fr").clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesInvalidDomainAtConstruction() {
        assertThatThrownBy(() -> Whitelist.of(List.of("ok.fr", "not valid.fr"), NOW, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not valid.fr'");
        assertThatThrownBy(() -> Whitelist.fromEntries(List.of(entry("not valid.fr", ORDRES, "")), null, NOW, "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not valid.fr'");
    }

    @Test
    void emptyListTrustsNothing() {
        Whitelist empty = Whitelist.empty(NOW, "none");
        assertThat(empty.size()).isZero();
        assertThat(empty.contains("medecin.mssante.fr")).isFalse();
    }
}
