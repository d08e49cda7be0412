//! The rules `connectorc lint` knows: the platform's name, a severity and what it checks.
//! Names come from the platform's Swagger validator where it has one; the few marked "ours"
//! encode certification guidance that the validator has no named error for.

use super::Severity::{self, Error, Warning};

/// A lint rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The rule's name.
    pub name: &'static str,
    /// How bad a violation is.
    pub severity: Severity,
    /// What it checks.
    pub summary: &'static str,
}

const fn r(name: &'static str, severity: Severity, summary: &'static str) -> Rule {
    Rule {
        name,
        severity,
        summary,
    }
}

/// Every rule, grouped by what it looks at.
pub const RULES: &[Rule] = &[
    // Files.
    r(
        "FileMissing",
        Error,
        "the folder has the swagger file (ours)",
    ),
    r("InvalidJson", Error, "each file is valid JSON (ours)"),
    r(
        "SwaggerTooLarge",
        Error,
        "the swagger is at most 1 MB (ours)",
    ),
    // Document.
    r(
        "SpecificationVersionIncorrect",
        Error,
        "`swagger` is \"2.0\"",
    ),
    r(
        "HostNameNotValid",
        Error,
        "`host` is a host name without scheme or path",
    ),
    r("BasePathNotValid", Error, "`basePath` starts with /"),
    r("SchemesArrayEmpty", Error, "`schemes` is not empty"),
    r(
        "SchemeNotValid",
        Error,
        "`schemes` holds only http and https",
    ),
    r(
        "RequiredPropertyMissing",
        Error,
        "required properties are present (info.title, iconBrandColor, …)",
    ),
    r(
        "FieldLengthExceeded",
        Error,
        "the title has at most 30 characters",
    ),
    r(
        "FieldLengthNotInRange",
        Warning,
        "the description has 30 to 500 characters",
    ),
    r(
        "ValueContainsRestrictedWords",
        Error,
        "the title avoids API, Connector and product names",
    ),
    r(
        "ConnectorMetadataPropertiesMissing",
        Error,
        "x-ms-connector-metadata has Website, Privacy policy and Categories",
    ),
    r(
        "InvalidConnectorCategory",
        Error,
        "categories come from the platform's list",
    ),
    r("TagRedefined", Error, "tags are defined once"),
    r(
        "SecurityRequirementMustBeDefined",
        Error,
        "security requirements name defined schemes",
    ),
    // Operations.
    r(
        "OperationIdRequired",
        Error,
        "every operation has an operationId",
    ),
    r("OperationIdNotUnique", Error, "operationIds are unique"),
    r(
        "OperationIdSanitized",
        Error,
        "operationIds are letters, digits and _ only",
    ),
    r(
        "OperationIdNotPascalCase",
        Warning,
        "operationIds are PascalCase (ours, coding standards)",
    ),
    r(
        "OperationIdTooLong",
        Error,
        "operationIds are shorter than 128 characters",
    ),
    r(
        "OperationSummaryMissing",
        Warning,
        "every operation has a summary (ours)",
    ),
    r(
        "OperationSummaryTooLong",
        Error,
        "summaries have at most 80 characters",
    ),
    r(
        "ValueMustEndWithAlphanumeric",
        Error,
        "summaries end without punctuation",
    ),
    r(
        "OperationMustHaveResponse",
        Error,
        "every operation defines a response",
    ),
    r(
        "OperationShouldHaveSuccessfulResponse",
        Error,
        "every operation defines a 2xx response",
    ),
    r(
        "ResponseMustBeDefaultOrHttpStatusCode",
        Error,
        "response keys are status codes or default",
    ),
    r(
        "SchemaDefinitionSetIncorrectly",
        Warning,
        "the 200/201 response (or a webhook's notification content) has a schema",
    ),
    r(
        "OperationHasManyResponsesWithSchema",
        Warning,
        "only one response has a schema",
    ),
    r(
        "DefaultResponseHasSchema",
        Warning,
        "the default response has no schema",
    ),
    r(
        "OperationPathMustStartWithSlash",
        Error,
        "paths start with /",
    ),
    r(
        "OperationPathMayNotContainQueryOrFragment",
        Error,
        "paths have no ? or #",
    ),
    r(
        "OperationPathContainsUnsupportedCharacters",
        Error,
        "paths have no *",
    ),
    r(
        "OperationPathTemplateNotValid",
        Error,
        "path braces enclose whole variables within one segment",
    ),
    r(
        "DuplicateOperationPath",
        Error,
        "no two operations share an indistinguishable path and method",
    ),
    r(
        "PartialDuplicateOperationPath",
        Warning,
        "a path variable cannot swallow another operation's static segment",
    ),
    r(
        "PathRedefined",
        Error,
        "paths differ by more than letter case",
    ),
    r(
        "BodyOrFormDataParameterInFetchOperationNotAllowed",
        Error,
        "GET operations have no body or form data",
    ),
    r(
        "ConsumesMissing",
        Warning,
        "operations with a body say what they consume",
    ),
    r(
        "InvalidNextLinkNameValue",
        Error,
        "x-ms-pageable.nextLinkName is nextLink or @odata.nextLink",
    ),
    r(
        "InvalidTriggerValue",
        Error,
        "x-ms-trigger is batch or single (ours)",
    ),
    r(
        "PollingTriggerMetadataMissing",
        Warning,
        "batch triggers carry x-ms-trigger-metadata (ours)",
    ),
    r(
        "WebhookOperationsMissingNotificationUrlProperty",
        Error,
        "webhook triggers mark their callback URL property",
    ),
    r(
        "OperationMustHaveNotificationContentExtension",
        Error,
        "operations with a callback URL describe the notification content",
    ),
    // Parameters.
    r(
        "PathParameterMustBeRequired",
        Error,
        "path parameters are required",
    ),
    r(
        "PathParameterMissingEncoding",
        Warning,
        "path parameters say x-ms-url-encoding",
    ),
    r(
        "PathParameterNotDefinedInTemplate",
        Error,
        "path parameters appear in the path",
    ),
    r(
        "OperationMissingPathParameter",
        Error,
        "path variables have a parameter",
    ),
    r(
        "OperationParametersContainDuplicateParameter",
        Error,
        "parameters are unique by name and location",
    ),
    r(
        "OperationParametersContainMultipleBodyParameters",
        Error,
        "at most one body parameter",
    ),
    r(
        "ParameterListContainsFormDataAndBody",
        Error,
        "not both body and formData parameters",
    ),
    r(
        "FileParameterMustBeInFormData",
        Error,
        "file parameters are form data",
    ),
    r(
        "QueryParameterEncodingNotSupported",
        Error,
        "query parameters have no x-ms-url-encoding",
    ),
    r(
        "ConnectionIdParameterNotAllowed",
        Error,
        "no parameter is called connectionId",
    ),
    r(
        "BodyParameterSchemaRequired",
        Error,
        "body parameters have a schema",
    ),
    r(
        "NonBodyParameterSchemaNotValid",
        Error,
        "only body parameters have a schema",
    ),
    r(
        "CollectionFormatValueNotSupported",
        Error,
        "collectionFormat is one the platform supports there",
    ),
    r(
        "DynamicExtensionDefinitionNotAllowedInParameter",
        Error,
        "dynamic extensions of a body sit in its schema",
    ),
    r(
        "ParameterSummaryMissing",
        Warning,
        "every parameter has x-ms-summary (ours, certification guidance)",
    ),
    r(
        "PropertyMustBeRequired",
        Warning,
        "internal values with a default are required",
    ),
    // Schemas.
    r(
        "SchemaReferenceNotValid",
        Error,
        "$refs point into #/definitions/",
    ),
    r("SchemaReferenceNotFound", Error, "$refs resolve"),
    r(
        "AdditionalPropertyNotAllowedAdjacentToRef",
        Warning,
        "nothing sits beside a $ref",
    ),
    r(
        "RequiredPropertyDefinitionMissing",
        Error,
        "required properties are defined",
    ),
    r(
        "RequiredPropertyArrayEmpty",
        Error,
        "required lists are not empty",
    ),
    r("ArrayHasNoItems", Error, "arrays say what their items are"),
    r(
        "SchemaTypeFileNotValid",
        Error,
        "type file only at the root of a response",
    ),
    r(
        "EnumMustContainAtLeastOneElement",
        Error,
        "enums are not empty",
    ),
    r(
        "MissingEnumValuesDisplayName",
        Error,
        "x-ms-enum-values entries have a displayName",
    ),
    r(
        "UnrecognizedTypeFormat",
        Warning,
        "formats are ones the platform knows",
    ),
    r(
        "MinimumShouldBeLessThanOrEqualToMaximum",
        Error,
        "minimum ≤ maximum",
    ),
    r(
        "MinLengthShouldBeLessThanOrEqualToMaxLength",
        Error,
        "minLength ≤ maxLength",
    ),
    r(
        "NotificationUrlNotString",
        Error,
        "the callback URL property is a string",
    ),
    r(
        "NotificationUrlNotInternal",
        Error,
        "the callback URL property is internal",
    ),
    // script.csx (the platform's custom code limits).
    r(
        "ScriptTooLarge",
        Error,
        "script.csx is smaller than 1 MB (ours, custom code limits)",
    ),
    r(
        "ScriptNamespaceNotAllowed",
        Error,
        "script.csx uses only the namespaces custom code may use (ours, custom code limits)",
    ),
    r(
        "ScriptNetworkCallOutsideContext",
        Error,
        "script.csx sends requests only through Context.SendAsync (ours, custom code limits)",
    ),
    r(
        "ScriptClassMissing",
        Error,
        "script.csx defines class Script : ScriptBase with ExecuteAsync (ours, custom code limits)",
    ),
    // apiProperties.json.
    r(
        "ConnectionParameterNotSecure",
        Error,
        "secret connection parameters are securestring (ours)",
    ),
    r(
        "OAuthIdentityProviderMissing",
        Error,
        "oauthSetting parameters name an identityProvider (ours)",
    ),
    r(
        "InvalidIconBrandColor",
        Error,
        "iconBrandColor is #rrggbb (ours)",
    ),
    r(
        "OperationIdNotFound",
        Error,
        "policies and dynamic values name operations that exist",
    ),
    r(
        "PollingTriggerPolicyNotOnTrigger",
        Warning,
        "pollingtrigger policies apply to batch triggers (ours)",
    ),
];

/// The rule called `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}
