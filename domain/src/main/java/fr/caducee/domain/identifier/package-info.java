/**
 * National identifiers of professionals (idNat: RPPS, ADELI), structures (FINESS, SIRET) and patients (INS), as
 * immutable values that can only hold valid identifiers. Every parse failure is an
 * {@link fr.caducee.domain.identifier.InvalidIdentifierException} naming the kind, the value and the fault.
 */
package fr.caducee.domain.identifier;
