package fr.caducee.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.caducee.domain.identifier.InvalidIdentifierException;

class BoxTypeTest {

    @ParameterizedTest
    @CsvSource({"PER, PER", "per, PER", " Org , ORG", "APP, APP", "cab, CAB"})
    void codesAreReadWhateverTheirCase(String code, BoxType expected) {
        assertThat(BoxType.parse(code)).isEqualTo(expected);
    }

    @Test
    void unknownCodesAreRefusedListingTheAcceptedOnes() {
        assertThatThrownBy(() -> BoxType.parse("PRO"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("box type PRO: is not one of PER, ORG, APP, CAB");
        assertThatThrownBy(() -> BoxType.parse(null))
                .hasMessage("box type <null>: is missing; expected one of PER, ORG, APP, CAB");
    }

    @Test
    void nominativeAndPracticeBoxesBelongToAProfessional() {
        assertThat(BoxType.PER.ownedByProfessional()).isTrue();
        assertThat(BoxType.CAB.ownedByProfessional()).isTrue();
        assertThat(BoxType.ORG.ownedByProfessional()).isFalse();
        assertThat(BoxType.APP.ownedByProfessional()).isFalse();
        assertThat(BoxType.ORG.ownedByStructure()).isTrue();
        assertThat(BoxType.APP.ownedByStructure()).isTrue();
    }
}
