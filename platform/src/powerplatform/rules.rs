//! The certification rules: the platform's name of each, a severity and what it checks.
//! Names come from the platform's Swagger validator where it has one; the few marked "ours"
//! encode certification guidance that the validator has no named error for.
//!
//! [`RuleName`] is the only way to name a rule in code, so a misspelt name does not compile:
//!
//! ```compile_fail
//! let _ = codegen::powerplatform::rules::RuleName::OperationIdNotUniqe;
//! ```

use serde::Serialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Certification fails.
    Error,
    /// Certification reviewers will ask for a change.
    Warning,
}

/// A rule as listed by `connectorc lint --rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The rule's name.
    pub name: &'static str,
    /// How bad a violation is.
    pub severity: Severity,
    /// What it checks.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident: $severity:ident, $summary:literal;)*) => {
        /// The name of a certification rule.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RuleName {
            $(
                #[doc = $summary]
                $name,
            )*
        }

        /// Every rule, grouped by what it looks at.
        pub const RULES: &[Rule] = &[$(Rule {
            name: stringify!($name),
            severity: Severity::$severity,
            summary: $summary,
        },)*];

        impl RuleName {
            /// The rule's entry in [`RULES`].
            pub const fn rule(self) -> &'static Rule {
                &RULES[self as usize]
            }
        }
    };
}

rules! {
    // Files.
    FileMissing: Error, "the folder has the swagger file (ours)";
    InvalidJson: Error, "each file is valid JSON (ours)";
    SwaggerTooLarge: Error, "the swagger is at most 1 MB (ours)";
    // Document.
    SpecificationVersionIncorrect: Error, "`swagger` is \"2.0\"";
    HostNameNotValid: Error, "`host` is a host name without scheme or path";
    BasePathNotValid: Error, "`basePath` starts with /";
    SchemesArrayEmpty: Error, "`schemes` is not empty";
    SchemeNotValid: Error, "`schemes` holds only http and https";
    RequiredPropertyMissing: Error, "required properties are present (info.title, iconBrandColor, …)";
    FieldLengthExceeded: Error, "the title has at most 30 characters";
    FieldLengthNotInRange: Warning, "the description has 30 to 500 characters";
    ValueContainsRestrictedWords: Error, "the title avoids API, Connector and product names";
    ConnectorMetadataPropertiesMissing: Error, "x-ms-connector-metadata has Website, Privacy policy and Categories";
    InvalidConnectorCategory: Error, "categories come from the platform's list";
    TagRedefined: Error, "tags are defined once";
    SecurityRequirementMustBeDefined: Error, "security requirements name defined schemes";
    // Operations.
    OperationIdRequired: Error, "every operation has an operationId";
    OperationIdNotUnique: Error, "operationIds are unique";
    OperationIdSanitized: Error, "operationIds are letters, digits and _ only";
    OperationIdNotPascalCase: Warning, "operationIds are PascalCase (ours, coding standards)";
    OperationIdTooLong: Error, "operationIds are shorter than 128 characters";
    OperationSummaryMissing: Warning, "every operation has a summary (ours)";
    OperationSummaryTooLong: Error, "summaries have at most 80 characters";
    ValueMustEndWithAlphanumeric: Error, "summaries end without punctuation";
    OperationMustHaveResponse: Error, "every operation defines a response";
    OperationShouldHaveSuccessfulResponse: Error, "every operation defines a 2xx response";
    ResponseMustBeDefaultOrHttpStatusCode: Error, "response keys are status codes or default";
    SchemaDefinitionSetIncorrectly: Warning, "the 200/201 response (or a webhook's notification content) has a schema";
    OperationHasManyResponsesWithSchema: Warning, "only one response has a schema";
    DefaultResponseHasSchema: Warning, "the default response has no schema";
    OperationPathMustStartWithSlash: Error, "paths start with /";
    OperationPathMayNotContainQueryOrFragment: Error, "paths have no ? or #";
    OperationPathContainsUnsupportedCharacters: Error, "paths have no *";
    OperationPathTemplateNotValid: Error, "path braces enclose whole variables within one segment";
    DuplicateOperationPath: Error, "no two operations share an indistinguishable path and method";
    PartialDuplicateOperationPath: Warning, "a path variable cannot swallow another operation's static segment";
    PathRedefined: Error, "paths differ by more than letter case";
    BodyOrFormDataParameterInFetchOperationNotAllowed: Error, "GET operations have no body or form data";
    ConsumesMissing: Warning, "operations with a body say what they consume";
    InvalidNextLinkNameValue: Error, "x-ms-pageable.nextLinkName is nextLink or @odata.nextLink";
    InvalidTriggerValue: Error, "x-ms-trigger is batch or single (ours)";
    PollingTriggerMetadataMissing: Warning, "batch triggers carry x-ms-trigger-metadata (ours)";
    WebhookOperationsMissingNotificationUrlProperty: Error, "webhook triggers mark their callback URL property";
    OperationMustHaveNotificationContentExtension: Error, "operations with a callback URL describe the notification content";
    // Parameters.
    PathParameterMustBeRequired: Error, "path parameters are required";
    PathParameterMissingEncoding: Warning, "path parameters say x-ms-url-encoding";
    PathParameterNotDefinedInTemplate: Error, "path parameters appear in the path";
    OperationMissingPathParameter: Error, "path variables have a parameter";
    OperationParametersContainDuplicateParameter: Error, "parameters are unique by name and location";
    OperationParametersContainMultipleBodyParameters: Error, "at most one body parameter";
    ParameterListContainsFormDataAndBody: Error, "not both body and formData parameters";
    FileParameterMustBeInFormData: Error, "file parameters are form data";
    QueryParameterEncodingNotSupported: Error, "query parameters have no x-ms-url-encoding";
    ConnectionIdParameterNotAllowed: Error, "no parameter is called connectionId";
    BodyParameterSchemaRequired: Error, "body parameters have a schema";
    NonBodyParameterSchemaNotValid: Error, "only body parameters have a schema";
    CollectionFormatValueNotSupported: Error, "collectionFormat is one the platform supports there";
    DynamicExtensionDefinitionNotAllowedInParameter: Error, "dynamic extensions of a body sit in its schema";
    ParameterSummaryMissing: Warning, "every parameter has x-ms-summary (ours, certification guidance)";
    PropertyMustBeRequired: Warning, "internal values with a default are required";
    // Schemas.
    SchemaReferenceNotValid: Error, "$refs point into #/definitions/";
    SchemaReferenceNotFound: Error, "$refs resolve";
    AdditionalPropertyNotAllowedAdjacentToRef: Warning, "nothing sits beside a $ref";
    RequiredPropertyDefinitionMissing: Error, "required properties are defined";
    RequiredPropertyArrayEmpty: Error, "required lists are not empty";
    ArrayHasNoItems: Error, "arrays say what their items are";
    SchemaTypeFileNotValid: Error, "type file only at the root of a response";
    EnumMustContainAtLeastOneElement: Error, "enums are not empty";
    MissingEnumValuesDisplayName: Error, "x-ms-enum-values entries have a displayName";
    UnrecognizedTypeFormat: Warning, "formats are ones the platform knows";
    MinimumShouldBeLessThanOrEqualToMaximum: Error, "minimum ≤ maximum";
    MinLengthShouldBeLessThanOrEqualToMaxLength: Error, "minLength ≤ maxLength";
    NotificationUrlNotString: Error, "the callback URL property is a string";
    NotificationUrlNotInternal: Error, "the callback URL property is internal";
    // script.csx (the platform's custom code limits).
    ScriptTooLarge: Error, "script.csx is smaller than 1 MB (ours, custom code limits)";
    ScriptNamespaceNotAllowed: Error, "script.csx uses only the namespaces custom code may use (ours, custom code limits)";
    ScriptNetworkCallOutsideContext: Error, "script.csx sends requests only through Context.SendAsync (ours, custom code limits)";
    ScriptClassMissing: Error, "script.csx defines class Script : ScriptBase with ExecuteAsync (ours, custom code limits)";
    // apiProperties.json.
    ConnectionParameterNotSecure: Error, "secret connection parameters are securestring (ours)";
    OAuthIdentityProviderMissing: Error, "oauthSetting parameters name an identityProvider (ours)";
    InvalidIconBrandColor: Error, "iconBrandColor is #rrggbb (ours)";
    OperationIdNotFound: Error, "policies and dynamic values name operations that exist";
    PollingTriggerPolicyNotOnTrigger: Warning, "pollingtrigger policies apply to batch triggers (ours)";
}

impl RuleName {
    /// The platform's name of the rule (`OperationIdNotUnique`).
    pub const fn name(self) -> &'static str {
        self.rule().name
    }

    /// How bad a violation is.
    pub const fn severity(self) -> Severity {
        self.rule().severity
    }
}

/// The rule called `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_its_entry() {
        assert_eq!(RuleName::FileMissing.name(), "FileMissing");
        assert_eq!(
            RuleName::PollingTriggerPolicyNotOnTrigger.rule().name,
            "PollingTriggerPolicyNotOnTrigger"
        );
        assert_eq!(
            RuleName::OperationIdNotPascalCase.severity(),
            Severity::Warning
        );
    }
}
