package fr.caducee.server.webmail;

import java.util.Map;

/**
 * The types of documents (LOINC codes) a patient meets in their record, named as a person reads them: the ones the
 * French record's volets and ANS's samples use most. Any other type is shown by its code.
 */
final class DocumentTypes {
    private static final Map<String, String> LABELS = Map.ofEntries(
        Map.entry("11490-0", "Lettre de liaison de sortie d'hospitalisation"),
        Map.entry("34112-3", "Compte rendu d'hospitalisation"),
        Map.entry("60591-5", "Volet de synthèse médicale"),
        Map.entry("11502-2", "Compte rendu de biologie"),
        Map.entry("18748-4", "Compte rendu d'imagerie"),
        Map.entry("15507-7", "Compte rendu de passage aux urgences"),
        Map.entry("60280-5", "Fiche de retour des urgences"),
        Map.entry("78341-5", "Dossier de liaison d'urgence"),
        Map.entry("57833-6", "Ordonnance"),
        Map.entry("11488-4", "Compte rendu de consultation"),
        Map.entry("11506-3", "Note d'évolution"),
        Map.entry("34133-9", "Synthèse d'épisode de soins"),
        Map.entry("11369-6", "Historique des vaccinations"));

    private DocumentTypes() {
    }

    /** The type as a person reads it, else its LOINC code. */
    static String label(String loincCode) {
        return LABELS.getOrDefault(loincCode, loincCode);
    }
}
