package fr.caducee.domain.model;

import java.util.Objects;

import fr.caducee.domain.identifier.IdNat;

/**
 * A registered health professional (personne physique) as the national directory publishes them.
 *
 * @param idNat          national id, the key
 * @param title          civilité d'exercice (DR, PR) or empty
 * @param lastName       nom d'exercice, never empty
 * @param firstName      prénom d'exercice, possibly empty
 * @param professionCode 10 doctor, 21 pharmacist, 60 nurse... or empty when unknown
 * @param professionLabel label of the profession code, possibly empty
 * @param specialtyCode  savoir-faire code, possibly empty
 * @param specialtyLabel label of the savoir-faire, possibly empty
 */
public record Professional(IdNat idNat, String title, String lastName, String firstName, String professionCode,
                           String professionLabel, String specialtyCode, String specialtyLabel) {

    /** Profession code of pharmacists, the only professionals a patient may write to first. */
    public static final String PHARMACIST = "21";

    public Professional {
        Objects.requireNonNull(idNat, "idNat");
        lastName = Text.required(lastName, "last name of professional " + idNat.value());
        title = Text.optional(title);
        firstName = Text.optional(firstName);
        professionCode = Text.optional(professionCode);
        professionLabel = Text.optional(professionLabel);
        specialtyCode = Text.optional(specialtyCode);
        specialtyLabel = Text.optional(specialtyLabel);
    }

    public boolean isPharmacist() {
        return PHARMACIST.equals(professionCode);
    }
}
