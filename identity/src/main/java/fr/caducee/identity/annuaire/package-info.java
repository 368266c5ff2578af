/** The boxes published to the national directory (Annuaire Santé) through the FHIR API MSSanté. */
package fr.caducee.identity.annuaire;
