/** Where the public surfaces send people, inside the platform and outside it. */

/** The national do-not-call registry, where anyone enrols a number against telemarketing. */
export const REGISTRO_OPPOSIZIONI_URL = 'https://www.registrodelleopposizioni.it/';
/** The Garante privacy's online form for unwanted marketing calls. */
export const GARANTE_UNWANTED_CALLS_URL = 'https://servizi.gpdp.it/diritti/s/segnalazione-telefonate-indesiderate';
export const OPEN_DATA_LICENCE = { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' } as const;
export const OPEN_DATA_ATTRIBUTION = 'Azienda Qualificata, registro pubblico delle aziende qualificate';

export const OPEN_DATA_CSV_PATH = '/opendata/registry.csv';
export const OPEN_DATA_JSON_PATH = '/opendata/registry.json';
export const OPEN_DATA_PACKAGE_PATH = '/opendata/datapackage.json';
export const OPEN_DATA_STATISTICS_PATH = '/opendata/statistics.json';

export const firmPagePath = (vatNumber: string): string => `/registro/${vatNumber}`;
export const sealPath = (vatNumber: string): string => `/seal/${vatNumber}.svg`;
export const verificationPagePath = (certificateNumber: string): string => `/verifica/${certificateNumber}`;
/** The signed certificate PDF (served by the certificates API once rendered). */
export const certificatePdfPath = (certificateNumber: string): string => `/api/v1/certificates/${certificateNumber}/pdf`;
/** Consumer reports of unwanted calls, prefilled with the number. */
export const reportPath = (number: string): string => `/segnala?numero=${encodeURIComponent(number)}`;
