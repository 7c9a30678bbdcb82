// policybot on Azure, in one resource group and one command (docs/deploy.md walks through it):
//
//   az deployment group create -g <group> -n policybot -f infra/azure/main.bicep \
//       -p @infra/azure/main.parameters.json -p microsoftAppPassword=... postgresAdminPassword=...
//
// What it creates:
//   - a user-assigned managed identity: pulls the image from your Azure Container Registry
//     (AcrPull on that registry) and, with microsoftAppType=UserAssignedMSI, is the bot itself;
//   - a Log Analytics workspace and a Container Apps environment that sends its logs there;
//   - Azure Database for PostgreSQL Flexible Server (public endpoint reachable from Azure
//     services only, TLS required by the server) with the `policybot` database;
//   - the container app: `policybot serve --upgrade-database` (the image's entry point is
//     `policybot serve`; `args` are appended), two replicas, HTTPS ingress on 443 to port 3978,
//     startup and liveness probes on /healthz, readiness on /readyz; secrets (the database URL
//     with its password, the bot's client secret) are Container Apps secrets;
//   - the Azure Bot (SingleTenant or UserAssignedMSI: new multi-tenant bots can no longer be
//     created), its messaging endpoint https://<app FQDN>/api/messages, and its Teams channel.
//
// The Bicep compiler is not available to CI. tests/infra/test_azure_template.py reads this file
// with regular expressions, so keep to these conventions:
//   - one `resource <name> '<type>@<api version>'` per line, every type and version listed in
//     docs/deploy.md (checked against Microsoft's documentation);
//   - every environment variable of the container is declared in a `var ...Env = [...]` list of
//     `{ name: '...', value: ... }` or `{ name: '...', secretRef: ... }` entries, each on its
//     own line; the test checks each name against the settings the service reads;
//   - `output <name> <type> = ...` on one line each: docs/deploy.md reads them by name.

targetScope = 'resourceGroup'

@description('Short lower-case name the resources are named after (letters, digits and hyphens; starts with a letter).')
@minLength(3)
@maxLength(12)
param name string = 'policybot'

@description('Region for everything but the Azure Bot, which is global. Default: the resource group\'s.')
param location string = resourceGroup().location

@description('The image built from infra/container/Containerfile, in your registry: <registry>.azurecr.io/policybot:<tag>.')
param image string

@description('Name of the Azure Container Registry holding the image, in this resource group. The app\'s identity is given AcrPull on it.')
param containerRegistryName string

@description('How the bot proves who it is: SingleTenant (an app registration and its client secret) or UserAssignedMSI (the managed identity this template creates; no secret).')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param microsoftAppType string = 'SingleTenant'

@description('SingleTenant: the app registration\'s Application (client) ID. Not used with UserAssignedMSI.')
param microsoftAppId string = ''

@description('SingleTenant: a client secret of that app registration. Not used with UserAssignedMSI.')
@secure()
param microsoftAppPassword string = ''

@description('The bot\'s name as Azure shows it.')
param botDisplayName string = 'policybot'

@description('Azure Bot pricing tier: F0 (free; Teams is a standard channel) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('PostgreSQL administrator login; the service connects as this user.')
param postgresAdminLogin string = 'policybot'

@description('PostgreSQL administrator password (at least 12 characters; Azure also requires three of: upper case, lower case, digits, symbols).')
@secure()
@minLength(12)
param postgresAdminPassword string

@description('PostgreSQL compute size.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL compute tier, matching postgresSkuName: Burstable, GeneralPurpose or MemoryOptimized.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL major version.')
param postgresVersion string = '16'

@description('How the service checks the server\'s TLS certificate: verify-full (the chain against the image\'s CA bundle, and the host name) or require (encrypted, not verified).')
@allowed([
  'verify-full'
  'require'
])
param postgresSslMode string = 'verify-full'

@description('Replicas of the service: at least two, all of them always running.')
@minValue(2)
@maxValue(10)
param replicas int = 2

@description('POLICYBOT_POLICY: a bundled policy id, or the path of a policy YAML file inside the image.')
param policy string = 'socitm-template'

@description('POLICYBOT_ALLOWED_TENANTS: comma-separated Entra tenant ids allowed to use the bot. Default: this tenant only.')
param allowedTenants string = tenant().tenantId

@description('POLICYBOT_ADMINS: comma-separated Entra object ids of the people who may register the board\'s channels.')
param admins string = ''

@description('POLICYBOT_APPROVERS: comma-separated Entra object ids of the approvers; empty: the members of the registered governance team.')
param approvers string = ''

@description('POLICYBOT_GOVERNANCE_CHANNEL_ID: the board\'s channel (19:...@thread.tacv2); empty: register it by typing in Teams.')
param governanceChannelId string = ''

@description('POLICYBOT_GOVERNANCE_TEAM_ID: the team that channel belongs to.')
param governanceTeamId string = ''

@description('POLICYBOT_SECURITY_CHANNEL_ID: a separate security / DPO channel for incident cards.')
param securityChannelId string = ''

@description('POLICYBOT_SUMMARY_DAY: the day of the board\'s weekly summary (monday to sunday), or off.')
param summaryDay string = 'monday'

@description('POLICYBOT_SUMMARY_HOUR: the hour of the weekly summary, UK time.')
@minValue(0)
@maxValue(23)
param summaryHour int = 9

@description('POLICYBOT_LOG_LEVEL.')
@allowed([
  'DEBUG'
  'INFO'
  'WARNING'
  'ERROR'
])
param logLevel string = 'INFO'

@description('POLICYBOT_LOG_FORMAT: json (one object per line, for Log Analytics) or text.')
@allowed([
  'json'
  'text'
])
param logFormat string = 'json'

var suffix = uniqueString(resourceGroup().id)
var databaseName = 'policybot'
var port = 3978
var isManagedIdentityBot = microsoftAppType == 'UserAssignedMSI'
var botAppId = isManagedIdentityBot ? identity.properties.clientId : microsoftAppId
// Built-in role "AcrPull".
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
// asyncpg reads `ssl` from the URL's query (bot/records/db.py passes the query through); for
// verify-full it needs a CA file, which it takes from PGSSLROOTCERT: the Debian CA bundle of the
// python:3.11-slim image, which has the public roots Azure's PostgreSQL certificates chain to.
var caBundle = '/etc/ssl/certs/ca-certificates.crt'
var databaseUrl = 'postgresql+asyncpg://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?ssl=${postgresSslMode}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-identity'
  location: location
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: containerRegistryName
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPullRoleId)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource containerEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${suffix}'
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 to 0.0.0.0 is Azure's "allow public access from any Azure service": the Container Apps
// environment has no fixed outbound address on the Consumption plan. The password and TLS still
// apply; docs/deploy.md says what this allows and how to close it with a virtual network.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database // the server takes one change at a time
  ]
}

var serviceEnv = [
  { name: 'MicrosoftAppId', value: botAppId }
  { name: 'MicrosoftAppType', value: microsoftAppType }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  { name: 'POLICYBOT_DATABASE_URL', secretRef: 'database-url' }
  { name: 'POLICYBOT_HOST', value: '0.0.0.0' }
  { name: 'POLICYBOT_PORT', value: string(port) }
  { name: 'POLICYBOT_POLICY', value: policy }
  { name: 'POLICYBOT_SUMMARY_DAY', value: summaryDay }
  { name: 'POLICYBOT_SUMMARY_HOUR', value: string(summaryHour) }
  { name: 'POLICYBOT_LOG_LEVEL', value: logLevel }
  { name: 'POLICYBOT_LOG_FORMAT', value: logFormat }
]

var passwordEnv = isManagedIdentityBot ? [] : [
  { name: 'MicrosoftAppPassword', secretRef: 'microsoft-app-password' }
]

// Left out when empty, so that the service's own default applies.
var optionalEnv = [
  { name: 'POLICYBOT_ALLOWED_TENANTS', value: allowedTenants }
  { name: 'POLICYBOT_ADMINS', value: admins }
  { name: 'POLICYBOT_APPROVERS', value: approvers }
  { name: 'POLICYBOT_GOVERNANCE_CHANNEL_ID', value: governanceChannelId }
  { name: 'POLICYBOT_GOVERNANCE_TEAM_ID', value: governanceTeamId }
  { name: 'POLICYBOT_SECURITY_CHANNEL_ID', value: securityChannelId }
  { name: 'PGSSLROOTCERT', value: postgresSslMode == 'verify-full' ? caBundle : '' }
]

var passwordSecret = isManagedIdentityBot ? [] : [
  { name: 'microsoft-app-password', value: microsoftAppPassword }
]

var secrets = concat([{ name: 'database-url', value: databaseUrl }], passwordSecret)

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-app'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: containerEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'policybot'
          image: image
          args: [
            '--upgrade-database'
          ]
          env: concat(serviceEnv, passwordEnv, filter(optionalEnv, e => !empty(e.value)))
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          // Limits (Container Apps): failureThreshold 1-10, initialDelaySeconds 1-60,
          // periodSeconds 1-240, timeoutSeconds 1-240, successThreshold 1 for startup/liveness.
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: port
              }
              initialDelaySeconds: 5
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 15
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: port
              }
              periodSeconds: 10
              timeoutSeconds: 5
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: replicas
        maxReplicas: replicas
      }
    }
  }
  dependsOn: [
    acrPull // the identity must be allowed to pull before the first revision starts
    allowAzureServices
  ]
}

var botProperties = {
  displayName: botDisplayName
  endpoint: 'https://${app.properties.configuration.ingress.fqdn}/api/messages'
  msaAppId: botAppId
  msaAppType: microsoftAppType
  msaAppTenantId: tenant().tenantId
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: union(botProperties, isManagedIdentityBot ? { msaAppMSIResourceId: identity.id } : {})
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output messagingEndpoint string = bot.properties.endpoint
output containerAppFqdn string = app.properties.configuration.ingress.fqdn
output containerAppName string = app.name
output botAppId string = botAppId
output botName string = bot.name
output tenantId string = tenant().tenantId
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output logAnalyticsWorkspaceName string = workspace.name
