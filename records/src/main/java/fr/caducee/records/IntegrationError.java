package fr.caducee.records;

/**
 * Why a deposit was not integrated, with the code and label of ANS's table (volet "Transmission LPS de documents CDA
 * par courriel MSSanté", error-codes), which the sender's software reads in the receipt's
 * {@code Disposition: ...; processed/Error: <code>^<label>}. The label of 902 is written as in ANS's examples of
 * that receipt.
 */
public enum IntegrationError {
    WRONG_VERSION(900, "Version du document incorrecte lors d'une demande de remplacement/suppression"),
    AUTHOR_NOT_ALLOWED(901, "Auteur non autorisé à remplacer ou supprimer un document"),
    UNKNOWN_PATIENT(902, "Identifiant de patient inconnu"),
    NO_INS(903, "INS non présent dans le document"),
    INS_MISMATCH(904, "L'INS transmis ne correspond pas exactement à celui stocké dans la base du consommateur"),
    INCOMPLETE_INS(905, "L'INS transmis n'est pas complet"),
    OTHER(906, "Erreur 'Autre'");

    private final int code;
    private final String label;

    IntegrationError(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** {@code <code>^<label>}, as the receipt's Disposition field and subject carry it. */
    public String codeAndLabel() {
        return code + "^" + label;
    }
}
