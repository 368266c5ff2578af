package fr.caducee.webmail.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.login.QrCode;
import fr.caducee.webmail.session.OpenBox;

/** The login, password, boxes and refusal pages render, with every field labelled and the token in every form. */
class LoginTemplatesTest {
    private final Templates templates = new Templates();
    private final Templates.Layout signedOut = new Templates.Layout(false, null, null, "t0k3n", null, null, Map.of());
    private final Templates.Layout signedIn = new Templates.Layout(true, "Paul Durand", null, "t0k3n", "Fait.",
        "reglages", Map.of());

    @Test
    void theLoginPageAsksForTheAddressAndPasswordWithLabels() {
        String html = templates.render(Answer.Page.ok("connexion", "Connexion", Map.of()), signedOut);

        assertThat(html).contains("<label for=\"adresse\">", "<label for=\"motdepasse\">",
            "name=\"csrf\" value=\"t0k3n\"", "action=\"/connexion\"", "autocomplete=\"current-password\"")
            .doesNotContain("<script", "Se déconnecter");
    }

    @Test
    void theEnrolmentPageDrawsTheQrCodeInlineWithATextAlternativeAndTheSecret() {
        QrCode qr = QrCode.of("otpauth://totp/x");
        String html = templates.render(Answer.Page.ok("enrolement", "Enrôlement", Map.of("qr", qr,
            "secret", "ABCD EFGH", "issuer", "Caducée", "account", "Paul D.")), signedOut);

        assertThat(html).contains("<svg", "role=\"img\"", "aria-label=\"Code QR", "viewBox=\"" + qr.viewBox() + "\"",
            "d=\"" + qr.path() + "\"", "ABCD EFGH", "<label for=\"code\">", "action=\"/connexion/enrolement\"")
            .doesNotContain("<script", "<img");
    }

    @Test
    void theCodePageAndTheRecoveryCodesPageRender() {
        String code = templates.render(Answer.Page.ok("code", "Code", Map.of()), signedOut);
        String codes = templates.render(Answer.Page.ok("codes-de-secours", "Codes", Map.of("codes",
            List.of("ABCDE-FGHJK", "MNPQR-STVWX"))), signedIn);

        assertThat(code).contains("<label for=\"code\">", "action=\"/connexion/code\"", "action=\"/deconnexion\"");
        assertThat(codes).contains("ABCDE-FGHJK", "MNPQR-STVWX", "ne seront plus jamais");
    }

    @Test
    void thePasswordAndBoxesPagesRenderInsideTheSignedInLayout() {
        String password = templates.render(Answer.Page.ok("mot-de-passe", "Mot de passe", Map.of("minimum", 12)),
            signedIn);
        String boxes = templates.render(Answer.Page.ok("boites", "Boîtes", Map.of("choices", List.of(
            new OpenBox.Choice("146026322000196", "Paul Durand (vous)", true, true),
            new OpenBox.Choice("215097512345697", "Léa Durand", false, false)))), signedIn);

        assertThat(password).contains("<label for=\"actuel\">", "<label for=\"nouveau\">",
            "<label for=\"confirmation\">", "minlength=\"12\"", "Se déconnecter", "Fait.");
        assertThat(boxes).contains("<legend>Boîte à consulter</legend>", "for=\"boite-215097512345697\"",
            "value=\"146026322000196\" checked");
    }

    @Test
    void aRefusalPageSaysWhatHappenedItsCodeAndWhereToGoEscaped() {
        Answer.Page page = RefusalPage.of(new WebRefusal(Rule.WEBMAIL_LOCKED_OUT, "Réessayez <b>plus tard</b>."),
            false);
        String html = templates.render(page, Templates.Layout.signedOut(null));

        assertThat(page.status()).isEqualTo(429);
        assertThat(html).contains("<h1>Connexion bloquée pour un moment</h1>", "Réessayez &lt;b&gt;plus tard&lt;/b&gt;.",
            "Code : <code>webmail-locked-out</code>", "href=\"/connexion\"");
    }
}
