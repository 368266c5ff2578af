package fr.caducee.webmail.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;

class FormTest {

    @Test
    void anUrlEncodedFormKeepsEveryValueInOrderDecodedAsUtf8() throws WebRefusal {
        Form form = Form.urlEncoded("to=a%40x.test&texte=Bonjour+docteur%2C+%C3%A7a+va&to=b%40x.test&vide=");

        assertThat(form.fields().get("to")).containsExactly("a@x.test", "b@x.test");
        assertThat(form.one("texte")).isEqualTo("Bonjour docteur, ça va");
        assertThat(form.one("vide")).isEmpty();
        assertThat(form.optional("absent")).isEmpty();
    }

    @Test
    void aMissingOrRepeatedFieldIsRefusedAsInvalid() throws WebRefusal {
        Form form = Form.urlEncoded("to=a&to=b");

        WebRefusal missing = catchThrowableOfType(() -> form.one("texte"), WebRefusal.class);
        WebRefusal repeated = catchThrowableOfType(() -> form.one("to"), WebRefusal.class);

        assertThat(missing.rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.sentence()).contains("« texte »");
        assertThat(repeated.rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID);
    }

    @Test
    void bytesThatAreNotUtf8OrABrokenEscapeAreRefused() {
        assertThat(catchThrowableOfType(() -> Form.urlEncoded("texte=%C3%28"), WebRefusal.class).rule())
            .isEqualTo(Rule.WEBMAIL_FORM_INVALID);
        assertThat(catchThrowableOfType(() -> Form.urlEncoded("texte=%G1"), WebRefusal.class).rule())
            .isEqualTo(Rule.WEBMAIL_FORM_INVALID);
    }

    @Test
    void aQueryParameterGivenTwiceIsRefused() throws WebRefusal {
        assertThat(Form.query("page=2&tri=date")).containsEntry("page", "2").containsEntry("tri", "date");
        assertThat(Form.query(null)).isEmpty();
        assertThat(catchThrowableOfType(() -> Form.query("page=1&page=2"), WebRefusal.class).rule())
            .isEqualTo(Rule.WEBMAIL_FORM_INVALID);
    }

    @Test
    void sizesAreSaidInFrenchUnits() {
        assertThat(Form.french(10L * 1024 * 1024)).isEqualTo("10 Mo");
        assertThat(Form.french(1536L * 1024)).isEqualTo("1,5 Mo");
        assertThat(Form.french(2048)).isEqualTo("2 Ko");
        assertThat(Form.bodyLimit(10)).isEqualTo(10 + 1024 * 1024);
    }

    @Test
    void theEmptyFormHasNothing() {
        assertThat(Form.EMPTY.fields()).isEmpty();
        assertThat(Form.EMPTY.uploads()).isEqualTo(List.of());
    }
}
