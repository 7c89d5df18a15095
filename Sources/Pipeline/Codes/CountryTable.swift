/// ISO 3166-1 countries with their ITU-T E.164 calling code and national
/// trunk prefix. One line per country:
///
///     alpha-2  alpha-3  calling-code  trunk  name|other English names
///
/// trunk is the digit dialled before national numbers at home and dropped
/// in international format ("0" for Germany: 030 1234567 → +49 30 1234567;
/// "8" for Russia), or "-" where numbers keep every digit (Italy's leading 0
/// is part of the number: 06 1234 → +39 06 1234). Names come from the
/// iso-codes project plus common English forms ("UK", "USA", "Holland").
let countryTableText = """
AD AND 376 - Andorra|Principality of Andorra
AE ARE 971 0 United Arab Emirates|UAE
AF AFG 93 0 Afghanistan|Islamic Republic of Afghanistan
AG ATG 1 - Antigua and Barbuda
AI AIA 1 - Anguilla
AL ALB 355 0 Albania|Republic of Albania
AM ARM 374 0 Armenia|Republic of Armenia
AO AGO 244 - Angola|Republic of Angola
AQ ATA 672 - Antarctica
AR ARG 54 0 Argentina|Argentine Republic
AS ASM 1 - American Samoa
AT AUT 43 0 Austria|Republic of Austria|Osterreich
AU AUS 61 0 Australia
AW ABW 297 - Aruba
AX ALA 358 - Åland Islands
AZ AZE 994 0 Azerbaijan|Republic of Azerbaijan
BA BIH 387 0 Bosnia and Herzegovina|Republic of Bosnia and Herzegovina
BB BRB 1 - Barbados
BD BGD 880 0 Bangladesh|People's Republic of Bangladesh
BE BEL 32 0 Belgium|Kingdom of Belgium|Belgie|Belgique
BF BFA 226 - Burkina Faso
BG BGR 359 0 Bulgaria|Republic of Bulgaria
BH BHR 973 - Bahrain|Kingdom of Bahrain
BI BDI 257 - Burundi|Republic of Burundi
BJ BEN 229 - Benin|Republic of Benin
BL BLM 590 0 Saint Barthélemy
BM BMU 1 - Bermuda
BN BRN 673 0 Brunei Darussalam|Brunei
BO BOL 591 - Bolivia, Plurinational State of|Bolivia|Plurinational State of Bolivia
BQ BES 599 - Bonaire, Sint Eustatius and Saba
BR BRA 55 0 Brazil|Federative Republic of Brazil
BS BHS 1 - Bahamas|Commonwealth of the Bahamas
BT BTN 975 - Bhutan|Kingdom of Bhutan
BV BVT 47 - Bouvet Island
BW BWA 267 0 Botswana|Republic of Botswana
BY BLR 375 0 Belarus|Republic of Belarus
BZ BLZ 501 - Belize
CA CAN 1 - Canada
CC CCK 61 - Cocos (Keeling) Islands
CD COD 243 - Congo, The Democratic Republic of the|DR Congo|Democratic Republic of the Congo|Congo-Kinshasa
CF CAF 236 - Central African Republic
CG COG 242 - Congo|Republic of the Congo
CH CHE 41 0 Switzerland|Swiss Confederation|Schweiz|Suisse
CI CIV 225 - Côte d'Ivoire|Republic of Côte d'Ivoire|Ivory Coast|Cote d'Ivoire
CK COK 682 - Cook Islands
CL CHL 56 - Chile|Republic of Chile
CM CMR 237 - Cameroon|Republic of Cameroon
CN CHN 86 0 China|People's Republic of China
CO COL 57 0 Colombia|Republic of Colombia
CR CRI 506 - Costa Rica|Republic of Costa Rica
CU CUB 53 0 Cuba|Republic of Cuba
CV CPV 238 - Cabo Verde|Republic of Cabo Verde|Cape Verde
CW CUW 599 - Curaçao
CX CXR 61 - Christmas Island
CY CYP 357 - Cyprus|Republic of Cyprus
CZ CZE 420 - Czechia|Czech Republic
DE DEU 49 0 Germany|Federal Republic of Germany|Deutschland
DJ DJI 253 - Djibouti|Republic of Djibouti
DK DNK 45 - Denmark|Kingdom of Denmark
DM DMA 1 - Dominica|Commonwealth of Dominica
DO DOM 1 - Dominican Republic
DZ DZA 213 0 Algeria|People's Democratic Republic of Algeria
EC ECU 593 - Ecuador|Republic of Ecuador
EE EST 372 - Estonia|Republic of Estonia
EG EGY 20 0 Egypt|Arab Republic of Egypt
EH ESH 212 - Western Sahara
ER ERI 291 - Eritrea|the State of Eritrea
ES ESP 34 - Spain|Kingdom of Spain|Espana
ET ETH 251 - Ethiopia|Federal Democratic Republic of Ethiopia
FI FIN 358 0 Finland|Republic of Finland
FJ FJI 679 - Fiji|Republic of Fiji
FK FLK 500 - Falkland Islands (Malvinas)
FM FSM 691 - Micronesia, Federated States of|Federated States of Micronesia|Micronesia
FO FRO 298 - Faroe Islands
FR FRA 33 0 France|French Republic
GA GAB 241 - Gabon|Gabonese Republic
GB GBR 44 0 United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|U.K.|Great Britain|Britain|England|Scotland|Wales|Northern Ireland
GD GRD 1 - Grenada
GE GEO 995 0 Georgia
GF GUF 594 0 French Guiana
GG GGY 44 0 Guernsey
GH GHA 233 0 Ghana|Republic of Ghana
GI GIB 350 - Gibraltar
GL GRL 299 - Greenland
GM GMB 220 - Gambia|Republic of the Gambia
GN GIN 224 - Guinea|Republic of Guinea
GP GLP 590 0 Guadeloupe
GQ GNQ 240 - Equatorial Guinea|Republic of Equatorial Guinea
GR GRC 30 - Greece|Hellenic Republic
GS SGS 500 - South Georgia and the South Sandwich Islands
GT GTM 502 - Guatemala|Republic of Guatemala
GU GUM 1 - Guam
GW GNB 245 - Guinea-Bissau|Republic of Guinea-Bissau
GY GUY 592 - Guyana|Republic of Guyana
HK HKG 852 - Hong Kong|Hong Kong Special Administrative Region of China
HM HMD 672 - Heard Island and McDonald Islands
HN HND 504 - Honduras|Republic of Honduras
HR HRV 385 0 Croatia|Republic of Croatia
HT HTI 509 - Haiti|Republic of Haiti
HU HUN 36 - Hungary
ID IDN 62 0 Indonesia|Republic of Indonesia
IE IRL 353 0 Ireland
IL ISR 972 0 Israel|State of Israel
IM IMN 44 0 Isle of Man
IN IND 91 0 India|Republic of India
IO IOT 246 - British Indian Ocean Territory
IQ IRQ 964 0 Iraq|Republic of Iraq
IR IRN 98 0 Iran, Islamic Republic of|Iran|Islamic Republic of Iran
IS ISL 354 - Iceland|Republic of Iceland
IT ITA 39 - Italy|Italian Republic|Italia
JE JEY 44 0 Jersey
JM JAM 1 - Jamaica
JO JOR 962 0 Jordan|Hashemite Kingdom of Jordan
JP JPN 81 0 Japan
KE KEN 254 0 Kenya|Republic of Kenya
KG KGZ 996 - Kyrgyzstan|Kyrgyz Republic
KH KHM 855 0 Cambodia|Kingdom of Cambodia
KI KIR 686 - Kiribati|Republic of Kiribati
KM COM 269 - Comoros|Union of the Comoros
KN KNA 1 - Saint Kitts and Nevis
KP PRK 850 0 Korea, Democratic People's Republic of|North Korea|Democratic People's Republic of Korea
KR KOR 82 0 Korea, Republic of|South Korea|Korea
KW KWT 965 0 Kuwait|State of Kuwait
KY CYM 1 - Cayman Islands
KZ KAZ 7 8 Kazakhstan|Republic of Kazakhstan
LA LAO 856 - Lao People's Democratic Republic|Laos
LB LBN 961 0 Lebanon|Lebanese Republic
LC LCA 1 - Saint Lucia
LI LIE 423 - Liechtenstein|Principality of Liechtenstein
LK LKA 94 0 Sri Lanka|Democratic Socialist Republic of Sri Lanka
LR LBR 231 - Liberia|Republic of Liberia
LS LSO 266 0 Lesotho|Kingdom of Lesotho
LT LTU 370 0 Lithuania|Republic of Lithuania
LU LUX 352 - Luxembourg|Grand Duchy of Luxembourg
LV LVA 371 - Latvia|Republic of Latvia
LY LBY 218 0 Libya
MA MAR 212 0 Morocco|Kingdom of Morocco
MC MCO 377 - Monaco|Principality of Monaco
MD MDA 373 - Moldova, Republic of|Moldova|Republic of Moldova
ME MNE 382 0 Montenegro
MF MAF 590 0 Saint Martin (French part)
MG MDG 261 0 Madagascar|Republic of Madagascar
MH MHL 692 - Marshall Islands|Republic of the Marshall Islands
MK MKD 389 0 North Macedonia|Republic of North Macedonia|Macedonia
ML MLI 223 - Mali|Republic of Mali
MM MMR 95 0 Myanmar|Republic of Myanmar|Burma
MN MNG 976 0 Mongolia
MO MAC 853 - Macao|Macao Special Administrative Region of China
MP MNP 1 - Northern Mariana Islands|Commonwealth of the Northern Mariana Islands
MQ MTQ 596 0 Martinique
MR MRT 222 - Mauritania|Islamic Republic of Mauritania
MS MSR 1 - Montserrat
MT MLT 356 - Malta|Republic of Malta
MU MUS 230 - Mauritius|Republic of Mauritius
MV MDV 960 - Maldives|Republic of Maldives
MW MWI 265 - Malawi|Republic of Malawi
MX MEX 52 - Mexico|United Mexican States
MY MYS 60 0 Malaysia
MZ MOZ 258 - Mozambique|Republic of Mozambique
NA NAM 264 0 Namibia|Republic of Namibia
NC NCL 687 - New Caledonia
NE NER 227 - Niger|Republic of the Niger
NF NFK 672 - Norfolk Island
NG NGA 234 0 Nigeria|Federal Republic of Nigeria
NI NIC 505 - Nicaragua|Republic of Nicaragua
NL NLD 31 0 Netherlands|Kingdom of the Netherlands|Holland|The Netherlands
NO NOR 47 - Norway|Kingdom of Norway
NP NPL 977 0 Nepal|Federal Democratic Republic of Nepal
NR NRU 674 - Nauru|Republic of Nauru
NU NIU 683 - Niue
NZ NZL 64 0 New Zealand
OM OMN 968 - Oman|Sultanate of Oman
PA PAN 507 - Panama|Republic of Panama
PE PER 51 0 Peru|Republic of Peru
PF PYF 689 0 French Polynesia
PG PNG 675 - Papua New Guinea|Independent State of Papua New Guinea
PH PHL 63 0 Philippines|Republic of the Philippines
PK PAK 92 0 Pakistan|Islamic Republic of Pakistan
PL POL 48 - Poland|Republic of Poland|Polska
PM SPM 508 0 Saint Pierre and Miquelon
PN PCN 64 - Pitcairn
PR PRI 1 - Puerto Rico
PS PSE 970 0 Palestine, State of|the State of Palestine|Palestine
PT PRT 351 - Portugal|Portuguese Republic
PW PLW 680 - Palau|Republic of Palau
PY PRY 595 - Paraguay|Republic of Paraguay
QA QAT 974 - Qatar|State of Qatar
RE REU 262 0 Réunion
RO ROU 40 0 Romania
RS SRB 381 0 Serbia|Republic of Serbia
RU RUS 7 8 Russian Federation|Russia
RW RWA 250 0 Rwanda|Rwandese Republic
SA SAU 966 0 Saudi Arabia|Kingdom of Saudi Arabia
SB SLB 677 - Solomon Islands
SC SYC 248 - Seychelles|Republic of Seychelles
SD SDN 249 0 Sudan|Republic of the Sudan
SE SWE 46 0 Sweden|Kingdom of Sweden
SG SGP 65 - Singapore|Republic of Singapore
SH SHN 290 - Saint Helena, Ascension and Tristan da Cunha
SI SVN 386 0 Slovenia|Republic of Slovenia
SJ SJM 47 - Svalbard and Jan Mayen
SK SVK 421 0 Slovakia|Slovak Republic
SL SLE 232 - Sierra Leone|Republic of Sierra Leone
SM SMR 378 - San Marino|Republic of San Marino
SN SEN 221 - Senegal|Republic of Senegal
SO SOM 252 - Somalia|Federal Republic of Somalia
SR SUR 597 - Suriname|Republic of Suriname
SS SSD 211 - South Sudan|Republic of South Sudan
ST STP 239 - Sao Tome and Principe|Democratic Republic of Sao Tome and Principe
SV SLV 503 - El Salvador|Republic of El Salvador
SX SXM 1 - Sint Maarten (Dutch part)
SY SYR 963 0 Syrian Arab Republic|Syria
SZ SWZ 268 - Eswatini|Kingdom of Eswatini|Swaziland
TC TCA 1 - Turks and Caicos Islands
TD TCD 235 - Chad|Republic of Chad
TF ATF 262 - French Southern Territories
TG TGO 228 - Togo|Togolese Republic
TH THA 66 0 Thailand|Kingdom of Thailand
TJ TJK 992 8 Tajikistan|Republic of Tajikistan
TK TKL 690 - Tokelau
TL TLS 670 - Timor-Leste|Democratic Republic of Timor-Leste|East Timor
TM TKM 993 8 Turkmenistan
TN TUN 216 0 Tunisia|Republic of Tunisia
TO TON 676 - Tonga|Kingdom of Tonga
TR TUR 90 0 Türkiye|Republic of Türkiye|Turkey|Turkiye
TT TTO 1 - Trinidad and Tobago|Republic of Trinidad and Tobago
TV TUV 688 - Tuvalu
TW TWN 886 0 Taiwan, Province of China|Taiwan
TZ TZA 255 0 Tanzania, United Republic of|Tanzania|United Republic of Tanzania
UA UKR 380 0 Ukraine
UG UGA 256 0 Uganda|Republic of Uganda
UM UMI 1 - United States Minor Outlying Islands
US USA 1 - United States|United States of America|USA|America|U.S.|U.S.A.
UY URY 598 - Uruguay|Eastern Republic of Uruguay
UZ UZB 998 0 Uzbekistan|Republic of Uzbekistan
VA VAT 39 - Holy See (Vatican City State)|Vatican|Vatican City|Holy See
VC VCT 1 - Saint Vincent and the Grenadines
VE VEN 58 - Venezuela, Bolivarian Republic of|Venezuela|Bolivarian Republic of Venezuela
VG VGB 1 - Virgin Islands, British|British Virgin Islands
VI VIR 1 - Virgin Islands, U.S.|Virgin Islands of the United States
VN VNM 84 0 Viet Nam|Vietnam|Socialist Republic of Viet Nam
VU VUT 678 - Vanuatu|Republic of Vanuatu
WF WLF 681 - Wallis and Futuna
WS WSM 685 - Samoa|Independent State of Samoa
YE YEM 967 0 Yemen|Republic of Yemen
YT MYT 262 0 Mayotte
ZA ZAF 27 0 South Africa|Republic of South Africa
ZM ZMB 260 0 Zambia|Republic of Zambia
ZW ZWE 263 0 Zimbabwe|Republic of Zimbabwe
"""
