/**
 * The shared-record service ("DMP", "Mon espace santé" as the operator runs it): documents deposited in a patient's
 * record, by secure mail to the record's box or from the hospital gateway; the checks a deposit passes, each refusal
 * carrying ANS's integration error code (900-906); who may read which document (profession and document type,
 * confidentiality codes, the patient's own choices, emergency access); the trace of every access and what the
 * patient is told. Free of James and of any database: the server stores and serves it.
 */
package fr.caducee.records;
