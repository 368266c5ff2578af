package fr.caducee.domain.model;

import java.util.Objects;

import fr.caducee.domain.identifier.StructureId;

/**
 * A health structure (hospital, ward's establishment, pharmacy, laboratory) owning organisational and applicative
 * boxes.
 *
 * @param id         FINESS or SIRET
 * @param name       raison sociale, never empty
 * @param tradeName  enseigne commerciale, possibly empty
 * @param postalCode possibly empty
 * @param town       possibly empty
 */
public record Structure(StructureId id, String name, String tradeName, String postalCode, String town) {

    public Structure {
        Objects.requireNonNull(id, "id");
        name = Text.required(name, "name of structure " + id.nationalId());
        tradeName = Text.optional(tradeName);
        postalCode = Text.optional(postalCode);
        town = Text.optional(town);
    }
}
