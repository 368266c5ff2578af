package fr.caducee.records.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthorisationMatrixTest {
    private static final List<String> TABLE = List.of(
        "# profession  types",
        "10  *",
        "21  57833-6, 11502-2   # prescriptions, lab reports",
        "",
        "60  57833-6");

    @Test
    void aProfessionWithTheStarReadsEveryType() {
        assertThat(AuthorisationMatrix.parse("m", TABLE).allows("10", "18748-4")).isTrue();
    }

    @Test
    void aProfessionReadsTheTypesOfItsLineOnly() {
        AuthorisationMatrix matrix = AuthorisationMatrix.parse("m", TABLE);
        assertThat(matrix.allows("21", "11502-2")).isTrue();
        assertThat(matrix.allows("21", "18748-4")).isFalse();
    }

    @Test
    void aProfessionTheTableDoesNotNameReadsNothing() {
        assertThat(AuthorisationMatrix.parse("m", TABLE).allows("70", "57833-6")).isFalse();
        assertThat(AuthorisationMatrix.parse("m", TABLE).allows("", "57833-6")).isFalse();
    }

    @Test
    void aTypeThatIsNotLoincIsRefusedNamingTheFileAndTheLine() {
        assertThatThrownBy(() -> AuthorisationMatrix.parse("record-access-matrix.txt", List.of("10 *", "21 prescription")))
            .hasMessageStartingWith("record-access-matrix.txt, line 2: 'prescription' is not a LOINC code");
    }

    @Test
    void aProfessionCodeThatIsNotDigitsIsRefused() {
        assertThatThrownBy(() -> AuthorisationMatrix.parse("f", List.of("doctor *")))
            .hasMessageStartingWith("f, line 1: 'doctor' is not a profession code");
    }

    @Test
    void aProfessionOnTwoLinesIsRefused() {
        assertThatThrownBy(() -> AuthorisationMatrix.parse("f", List.of("21 57833-6", "21 11502-2")))
            .hasMessageContaining("line 2").hasMessageContaining("already on an earlier line");
    }

    @Test
    void aProfessionWithoutTypesIsRefused() {
        assertThatThrownBy(() -> AuthorisationMatrix.parse("f", List.of("21")))
            .hasMessageContaining("line 1").hasMessageContaining("names no document type");
    }
}
