package fr.caducee.webmail.web;

import java.util.Map;

import fr.caducee.rules.Rule;

/**
 * The page of a refusal ({@code refus.html}): a heading that names what happened, the sentence saying what to do,
 * "Code : " and the rule id for the operator's support, and one link to go on from there; with the rule's status.
 */
public final class RefusalPage {

    private RefusalPage() {
    }

    /** The page; {@code signedIn} when the patient's session goes on (the link then stays inside). */
    public static Answer.Page of(WebRefusal refusal, boolean signedIn) {
        Rule rule = refusal.rule();
        String[] back = back(rule, signedIn);
        return new Answer.Page(refusal.status(), "refus", title(rule), Map.of(
            "sentence", refusal.sentence(),
            "rule", rule.id(),
            "back", back[0],
            "backLabel", back[1]));
    }

    static String title(Rule rule) {
        return switch (rule) {
            case WEBMAIL_LOGIN_FAILED, WEBMAIL_SECOND_FACTOR_FAILED -> "Connexion refusée";
            case WEBMAIL_LOCKED_OUT -> "Connexion bloquée pour un moment";
            case WEBMAIL_SESSION_EXPIRED -> "Session expirée";
            case WEBMAIL_SESSION_MISMATCH -> "Session fermée par sécurité";
            case WEBMAIL_FORGED_REQUEST -> "Formulaire refusé";
            case WEBMAIL_NOT_FOUND -> "Page introuvable";
            case WEBMAIL_FORM_INVALID -> "Formulaire incomplet";
            case WEBMAIL_UPLOAD_TOO_LARGE -> "Pièces jointes trop volumineuses";
            case WEBMAIL_UPLOAD_TYPE -> "Type de fichier refusé";
            case WEBMAIL_PASSWORD_REFUSED -> "Mot de passe non changé";
            case WEBMAIL_NOT_REPRESENTATIVE -> "Boîte non accessible";
            case WEBMAIL_SEND_UNAVAILABLE, WEBMAIL_UNAVAILABLE -> "Service momentanément indisponible";
            default -> "Demande refusée";
        };
    }

    private static String[] back(Rule rule, boolean signedIn) {
        return switch (rule) {
            case WEBMAIL_LOGIN_FAILED, WEBMAIL_LOCKED_OUT -> new String[] {"/connexion", "Revenir à la connexion"};
            case WEBMAIL_SECOND_FACTOR_FAILED -> new String[] {"/connexion/code", "Saisir un autre code"};
            case WEBMAIL_SESSION_EXPIRED, WEBMAIL_SESSION_MISMATCH -> new String[] {"/connexion", "Se reconnecter"};
            case WEBMAIL_PASSWORD_REFUSED -> new String[] {"/mot-de-passe", "Revenir au changement de mot de passe"};
            case WEBMAIL_NOT_REPRESENTATIVE -> new String[] {"/boites", "Revenir au choix de la boîte"};
            default -> signedIn ? new String[] {"/conversations", "Revenir à vos messages"}
                : new String[] {"/connexion", "Revenir à la connexion"};
        };
    }
}
