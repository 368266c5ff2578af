package fr.caducee.records.deposit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.UnreadableArchiveException.Problem;
import fr.caducee.records.DepositRefusal;
import fr.caducee.records.IntegrationError;

class DepositRulesTest {
    @Test
    void everyRuleHasAnIdOfItsOwnNamedForTheRecord() {
        Set<String> ids = Arrays.stream(DepositRules.values()).map(DepositRules::id).collect(Collectors.toSet());

        assertThat(ids).hasSize(DepositRules.values().length).allMatch(id -> id.matches("record(-[a-z]+)+"));
    }

    @Test
    void aRefusalCarriesTheRulesIdItsAnsCodeAndTheSentence() {
        DepositRefusal refusal = DepositRules.INS_TRAITS_MISSING.refusal("Give the patient's birth date");

        assertThat(refusal.rule()).isEqualTo("record-ins-traits-missing");
        assertThat(refusal.error()).isEqualTo(IntegrationError.INCOMPLETE_INS);
        assertThat(refusal.sentence()).isEqualTo("Give the patient's birth date");
    }

    @Test
    void everyProblemOfTheArchiveReaderIsARuleOfItsOwnWithTheCodeOther() {
        EnumSet<DepositRules> rules = EnumSet.noneOf(DepositRules.class);
        for (Problem problem : Problem.values()) {
            rules.add(DepositRules.of(problem));
        }

        assertThat(rules).hasSize(Problem.values().length).allMatch(rule -> rule.error() == IntegrationError.OTHER);
    }

    @Test
    void eachAnsCodeHasAtLeastOneRule() {
        Set<IntegrationError> codes = Arrays.stream(DepositRules.values()).map(DepositRules::error)
            .collect(Collectors.toSet());

        assertThat(codes).containsExactlyInAnyOrder(IntegrationError.values());
    }
}
