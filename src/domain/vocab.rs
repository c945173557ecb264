//! The closed vocabularies of the case record.
//!
//! Every serialized name is the HTCDS 2.0 value name where HTCDS defines the
//! field (reference/htcds-2.0-fields.txt), so records compare with other HTCDS
//! data as they are. Where HTCDS has no vocabulary (contact channels, urgent
//! needs, indicators, ...) the names are Casebook's own and equally stable:
//! they are stored in vaults and travel in exchange files, so a name is never
//! changed or reused once released; new values are only appended.

use serde::{Deserialize, Serialize};

/// Declares a vocabulary: an enum whose variants carry their wire names, with
/// the full list (`ALL`) for pick-lists and the string form for storage.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every value, in the order pick-lists show them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable wire name (the HTCDS value name where there is one).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            /// The value with this wire name, if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// HTCDS `cas_Status`.
    CaseStatus {
        Active = "Active",
        FollowUp = "FollowUp",
        Closed = "Closed",
        ClosedReferred = "ClosedReferred",
    }
}

// The macro declares the enum, so `#[derive(Default)]` cannot be used here.
#[allow(clippy::derivable_impls)]
impl Default for CaseStatus {
    fn default() -> Self {
        CaseStatus::Active
    }
}

impl CaseStatus {
    /// Closed cases have no follow-ups due.
    pub fn is_closed(self) -> bool {
        matches!(self, CaseStatus::Closed | CaseStatus::ClosedReferred)
    }
}

vocabulary! {
    /// HTCDS `prs_Gender`.
    Gender {
        Feminine = "Feminine",
        Masculine = "Masculine",
        TransgenderFeminine = "TransgenderFeminine",
        TransgenderMasculine = "TransgenderMasculine",
        NonConforming = "NonConforming",
        NonSpecifiedUnknown = "NonSpecifiedUnknown",
    }
}

vocabulary! {
    /// Kind of identity document held or reported.
    DocumentType {
        Passport = "Passport",
        NationalIdentityCard = "NationalIdentityCard",
        ResidencePermit = "ResidencePermit",
        EmergencyTravelDocument = "EmergencyTravelDocument",
        DrivingLicence = "DrivingLicence",
        Other = "Other",
    }
}

vocabulary! {
    /// What the person was informed of before the interview (the questions of
    /// HTCDS `con_Consent`).
    InformedOf {
        Purpose = "Purpose",
        DataUse = "DataUse",
        ResearchUseOfNonIdentifyingData = "ResearchUseOfNonIdentifyingData",
        RightOfAccess = "RightOfAccess",
        RetentionPeriod = "RetentionPeriod",
        Withdrawal = "Withdrawal",
    }
}

vocabulary! {
    /// Who gave the consent.
    ConsentGivenBy {
        Person = "Person",
        ParentOrGuardian = "ParentOrGuardian",
        Other = "Other",
    }
}

vocabulary! {
    /// How the person first came into contact with the mission.
    ContactChannel {
        WalkIn = "WalkIn",
        Phone = "Phone",
        EmailOrMessage = "EmailOrMessage",
        ReferralByPolice = "ReferralByPolice",
        ReferralByNgo = "ReferralByNgo",
        ReferralByEmployer = "ReferralByEmployer",
        ReferralByFamily = "ReferralByFamily",
        ReferralOther = "ReferralOther",
        ConsularVisitInDetention = "ConsularVisitInDetention",
        Outreach = "Outreach",
    }
}

vocabulary! {
    /// HTCDS `vic_TraffickingStatus`.
    TraffickingStatus {
        PossibleVictimOfTrafficking = "PossibleVictimOfTrafficking",
        ActualVictimOfTrafficking = "ActualVictimOfTrafficking",
        NotAVictimOfTrafficking = "NotAVictimOfTrafficking",
    }
}

vocabulary! {
    /// HTCDS `vic_TraffickingStatusDecisionMakingOrg`.
    DecisionMaker {
        Police = "Police",
        Ngo = "NGO",
        CourtOrProsecution = "CourtOrProsecution",
        NonPoliceGovernmentalOrganization = "NonPoliceGovernmentalOrganization",
        Other = "Other",
    }
}

/// The families of indicators, for grouping them on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorGroup {
    /// The ILO's eleven indicators of forced labour.
    Ilo,
    SexualExploitation,
    LabourExploitation,
    BeggingOrCriminality,
}

vocabulary! {
    /// Indicators of trafficking: the ILO's eleven indicators of forced labour,
    /// then the consular handbook's signs specific to a form of exploitation.
    Indicator {
        AbuseOfVulnerability = "AbuseOfVulnerability",
        Deception = "Deception",
        RestrictionOfMovement = "RestrictionOfMovement",
        Isolation = "Isolation",
        PhysicalAndSexualViolence = "PhysicalAndSexualViolence",
        IntimidationAndThreats = "IntimidationAndThreats",
        RetentionOfIdentityDocuments = "RetentionOfIdentityDocuments",
        WithholdingOfWages = "WithholdingOfWages",
        DebtBondage = "DebtBondage",
        AbusiveWorkingAndLivingConditions = "AbusiveWorkingAndLivingConditions",
        ExcessiveOvertime = "ExcessiveOvertime",
        SexualMovedBetweenPlaces = "SexualMovedBetweenPlaces",
        SexualEarningsTakenByOthers = "SexualEarningsTakenByOthers",
        SexualAdvertisedOnline = "SexualAdvertisedOnline",
        SexualCannotRefuseClients = "SexualCannotRefuseClients",
        SexualLivesAtPlaceOfWork = "SexualLivesAtPlaceOfWork",
        LabourNoContractOrFalseContract = "LabourNoContractOrFalseContract",
        LabourRecruitmentFeesOwed = "LabourRecruitmentFeesOwed",
        LabourLivesAtWorkplaceOrProvidedHousing = "LabourLivesAtWorkplaceOrProvidedHousing",
        LabourNoProtectiveEquipment = "LabourNoProtectiveEquipment",
        LabourTransportedToWorkByEmployer = "LabourTransportedToWorkByEmployer",
        BeggingHandsOverTakings = "BeggingHandsOverTakings",
        BeggingSupervisedInGroups = "BeggingSupervisedInGroups",
        CriminalityForcedToCommitOffences = "CriminalityForcedToCommitOffences",
        CriminalityPunishedForLowTakings = "CriminalityPunishedForLowTakings",
    }
}

impl Indicator {
    pub fn group(self) -> IndicatorGroup {
        use Indicator::*;
        match self {
            AbuseOfVulnerability
            | Deception
            | RestrictionOfMovement
            | Isolation
            | PhysicalAndSexualViolence
            | IntimidationAndThreats
            | RetentionOfIdentityDocuments
            | WithholdingOfWages
            | DebtBondage
            | AbusiveWorkingAndLivingConditions
            | ExcessiveOvertime => IndicatorGroup::Ilo,
            SexualMovedBetweenPlaces
            | SexualEarningsTakenByOthers
            | SexualAdvertisedOnline
            | SexualCannotRefuseClients
            | SexualLivesAtPlaceOfWork => IndicatorGroup::SexualExploitation,
            LabourNoContractOrFalseContract
            | LabourRecruitmentFeesOwed
            | LabourLivesAtWorkplaceOrProvidedHousing
            | LabourNoProtectiveEquipment
            | LabourTransportedToWorkByEmployer => IndicatorGroup::LabourExploitation,
            BeggingHandsOverTakings
            | BeggingSupervisedInGroups
            | CriminalityForcedToCommitOffences
            | CriminalityPunishedForLowTakings => IndicatorGroup::BeggingOrCriminality,
        }
    }
}

vocabulary! {
    /// HTCDS `vic_TypeOfExploitation`.
    ExploitationType {
        ForcedLabour = "ForcedLabour",
        SexualExploitation = "SexualExploitation",
        ChildLabour = "ChildLabour",
        ForcedMarriage = "ForcedMarriage",
        Servitude = "Servitude",
        ForcedMilitaryByNonStateActors = "ForcedMilitaryByNonStateActors",
        OrganRemoval = "OrganRemoval",
        ForcedBegging = "ForcedBegging",
        ForcedAdoption = "ForcedAdoption",
        Surrogacy = "Surrogacy",
        Other = "Other",
    }
}

vocabulary! {
    /// HTCDS `vic_TypeOfSexExploitation`.
    SexExploitationType {
        Prostitution = "Prostitution",
        Pornography = "Pornography",
        RemoteInteractiveServices = "RemoteInteractiveServices",
        PrivateSexualServices = "PrivateSexualServices",
    }
}

vocabulary! {
    /// HTCDS `vic_ForcedLabourIndustry`: the sections of ISIC rev. 4.
    LabourIndustry {
        AgricultureForestryAndFishing = "A_AgricultureForestryAndFishing",
        MiningAndQuarrying = "B_MiningAndQuarrying",
        Manufacturing = "C_Manufacturing",
        ElectricityGasSteamAndAirConditioningSupply = "D_ElectricityGasSteamAndAirConditioningSupply",
        WaterSupplySewerageWasteManagement = "E_WaterSupplySewerageWasteManagement",
        Construction = "F_Construction",
        WholesaleAndRetailTradeRepairOfMotorVehicles = "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
        TransportationAndStorage = "H_TransportationAndStorage",
        AccommodationAndFoodServiceActivities = "I_AccommodationAndFoodServiceActivities",
        InformationAndCommunication = "J_InformationAndCommunication",
        FinancialAndInsuranceActivities = "K_FinancialAndInsuranceActivities",
        RealEstateActivities = "L_RealEstateActivities",
        ProfessionalScientificAndTechnicalActivities = "M_ProfessionalScientificAndTechnicalActivities",
        AdministrativeAndSupportServiceActivities = "N_AdministrativeAndSupportServiceActivities",
        PublicAdministrationAndDefence = "O_PublicAdministrationAndDefence",
        Education = "P_Education",
        HumanHealthAndSocialWorkActivities = "Q_HumanHealthAndSocialWorkActivities",
        ArtsEntertainmentAndRecreation = "R_ArtsEntertainmentAndRecreation",
        OtherServiceActivities = "S_OtherServiceActivities",
        ActivitiesOfHouseholdsAsEmployers = "T_ActivitiesOfHouseholdsAsEmployers",
        ActivitiesOfExtraterritorialOrganizations = "U_ActivitiesOfExtraterritorialOrganizations",
    }
}

vocabulary! {
    /// HTCDS `vic_MethodOfRecruitment`.
    RecruitmentMethod {
        AtAPlaceOfBusiness = "AtAPlaceOfBusiness",
        AtAnEducationalInstitution = "AtAnEducationalInstitution",
        AtWork = "AtWork",
        ThroughOnlineSocialNetworks = "ThroughOnlineSocialNetworks",
        ThroughAnOnlineAdvertisement = "ThroughAnOnlineAdvertisement",
        ThroughATelevisionAdvert = "ThroughATelevisionAdvert",
        ThroughANewspaperAdvert = "ThroughANewspaperAdvert",
        ThroughFamilyOrFamilyEvents = "ThroughFamilyOrFamilyEvents",
        ThroughFriendsOrSocialEvents = "ThroughFriendsOrSocialEvents",
        Other = "Other",
    }
}

vocabulary! {
    /// HTCDS `vic_MethodsOfControl`.
    MeansOfControl {
        PhysicalThreats = "PhysicalThreats",
        ThreatsLawEnforcement = "ThreatsLawEnforcement",
        ThreatensChildrenFamily = "ThreatensChildrenFamily",
        DebtBondage = "DebtBondage",
        FalsePromises = "FalsePromises",
        PhysicalAbuse = "PhysicalAbuse",
        SexualAbuse = "SexualAbuse",
        TakesEarnings = "TakesEarnings",
        RestrictsFinancialAccess = "RestrictsFinancialAccess",
        RestrictsMedicalCare = "RestrictsMedicalCare",
        WithholdsNecessities = "WithholdsNecessities",
        PsychologicalAbuse = "PsychologicalAbuse",
        PsychoactiveSubstance = "PsychoactiveSubstance",
        ExcessiveWorkingHours = "ExcessiveWorkingHours",
        WithholdsDocuments = "WithholdsDocuments",
        Other = "Other",
    }
}

vocabulary! {
    /// HTCDS `vic_RelationshipToTrafficker` (HTCDS spells the last value
    /// "Unaquainted"; the wire name keeps that spelling for compatibility).
    Relationship {
        Familial = "Familial",
        Acquainted = "Acquainted",
        Unacquainted = "Unaquainted",
    }
}

vocabulary! {
    /// HTCDS `hte_Type`.
    EventType {
        Recruitment = "Recruitment",
        Transit = "Transit",
        Exploitation = "Exploitation",
    }
}

vocabulary! {
    /// What the person urgently needed when met.
    UrgentNeed {
        Medical = "Medical",
        Shelter = "Shelter",
        Safety = "Safety",
        Documents = "Documents",
        Interpretation = "Interpretation",
        Money = "Money",
        ContactWithFamily = "ContactWithFamily",
    }
}

vocabulary! {
    /// HTCDS `org_Type`.
    OrganisationType {
        Ngo = "NGO",
        LawEnforcement = "LawEnforcement",
        HealthServiceOrganisation = "HealthServiceOrganisation",
        CentralGovernmentOrganisation = "CentralGovernmentOrganisation",
        LocalGovernmentOrganisation = "LocalGovernmentOrganisation",
        ImmigrationService = "ImmigrationService",
        LegalService = "LegalService",
        CorporateBusiness = "CorporateBusiness",
        SchoolOrCollege = "SchoolOrCollege",
    }
}

vocabulary! {
    /// HTCDS `cas_ReasonForOutgoingReferral`.
    ReferralReason {
        AdditionalServicesRequired = "AdditionalServicesRequired",
        MigrationOrChangeOfLocation = "MigrationOrChangeOfLocation",
        Other = "Other",
    }
}

vocabulary! {
    /// The service a referral is for.
    ReferralService {
        Shelter = "Shelter",
        Health = "Health",
        Psychosocial = "Psychosocial",
        Legal = "Legal",
        Police = "Police",
        Return = "Return",
        Other = "Other",
    }
}

vocabulary! {
    /// What came of a referral.
    ReferralOutcome {
        Referred = "Referred",
        DeclinedByPerson = "DeclinedByPerson",
        ServiceUnavailable = "ServiceUnavailable",
        Completed = "Completed",
    }
}

vocabulary! {
    /// How a follow-up contact took place.
    FollowUpKind {
        Phone = "Phone",
        InPerson = "InPerson",
        EmailOrMessage = "EmailOrMessage",
        VisitToShelter = "VisitToShelter",
        ContactWithPartnerOrganisation = "ContactWithPartnerOrganisation",
        Other = "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_serde() {
        for value in LabourIndustry::ALL {
            let json = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", value.as_str()));
            assert_eq!(LabourIndustry::from_name(value.as_str()), Some(*value));
        }
    }

    #[test]
    fn the_ilo_indicators_are_eleven() {
        let ilo = Indicator::ALL
            .iter()
            .filter(|i| i.group() == IndicatorGroup::Ilo)
            .count();
        assert_eq!(ilo, 11);
    }
}
