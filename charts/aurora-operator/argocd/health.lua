-- Argo CD health check for aurora.dev/AuroraJob (resource.customizations.health.aurora.dev_AuroraJob).
-- Reads the status the operator writes: observedGeneration, phase, conditions (ConfigValid, Available,
-- Progressing, Degraded in the metav1.Condition shape), update and message. See README.md beside this file.
hs = {}

local function condition(conditionType)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == conditionType then
        return c
      end
    end
  end
  return nil
end

local function isTrue(conditionType)
  local c = condition(conditionType)
  return c ~= nil and c.status == "True"
end

-- The first non-empty text among the arguments (condition messages, then the status message, then a default).
local function firstMessage(...)
  for i = 1, select("#", ...) do
    local text = select(i, ...)
    if text ~= nil and text ~= "" then
      return text
    end
  end
  return ""
end

local function conditionMessage(conditionType)
  local c = condition(conditionType)
  if c == nil then
    return nil
  end
  return c.message
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local status = obj.status

-- A status is only about the spec the user sees when the operator has observed that spec's generation.
if status == nil or status.observedGeneration == nil
    or (generation ~= nil and status.observedGeneration ~= generation) then
  hs.status = "Progressing"
  if generation ~= nil then
    hs.message = "waiting for the operator to observe generation " .. tostring(generation)
  else
    hs.message = "waiting for the operator to observe the resource"
  end
  return hs
end

local phase = status.phase
local statusMessage = status.message

if phase == "Invalid" then
  hs.status = "Degraded"
  hs.message = firstMessage(conditionMessage("ConfigValid"), statusMessage, "the configuration is invalid")
  return hs
end

if phase == "Failed" then
  hs.status = "Degraded"
  hs.message = firstMessage(conditionMessage("Degraded"), statusMessage, "the job failed")
  return hs
end

if phase == "Killing" then
  hs.status = "Progressing"
  hs.message = firstMessage(statusMessage, "the job's tasks are being killed")
  return hs
end

-- Any other phase with Degraded=True: the operator says something is wrong while it keeps going.
if isTrue("Degraded") then
  hs.status = "Degraded"
  hs.message = firstMessage(conditionMessage("Degraded"), statusMessage, "the job is degraded")
  return hs
end

if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = firstMessage(statusMessage, "every instance finished successfully")
  return hs
end

if phase == "Running" then
  if isTrue("Available") and not isTrue("Progressing") then
    hs.status = "Healthy"
    hs.message = firstMessage(statusMessage, conditionMessage("Available"), "all instances are running")
  else
    hs.status = "Progressing"
    hs.message = firstMessage(conditionMessage("Progressing"), statusMessage, conditionMessage("Available"),
      "waiting for the instances to become available")
  end
  return hs
end

-- An update that waits for a person or a service (paused, paused after a batch, awaiting a pulse) is Argo CD's
-- Suspended: it goes on only when spec.update.paused, .resume or .pulse changes.
local function held(update)
  if update == nil or update.state == nil then
    return false
  end
  return update.state == "ROLL_FORWARD_PAUSED" or update.state == "ROLL_BACK_PAUSED"
    or update.state == "ROLL_FORWARD_AWAITING_PULSE" or update.state == "ROLL_BACK_AWAITING_PULSE"
end

if phase == "Updating" and held(status.update) then
  hs.status = "Suspended"
  hs.message = firstMessage(statusMessage, status.update.message, "the update is held")
  return hs
end

if phase == "Updating" then
  hs.status = "Progressing"
  local update = status.update
  local progress = nil
  if update ~= nil and update.instancesUpdated ~= nil and update.instancesTotal ~= nil then
    progress = "updating: " .. tostring(update.instancesUpdated) .. " of " .. tostring(update.instancesTotal)
      .. " instances updated"
  end
  hs.message = firstMessage(conditionMessage("Progressing"), statusMessage, progress, "an update is in progress")
  return hs
end

-- A cron job with no run in flight is waiting for its schedule, not failing to start: Argo CD's Suspended.
if phase == "Pending" and status.nextRun ~= nil and (status.tasks == nil or #status.tasks == 0) then
  hs.status = "Suspended"
  hs.message = firstMessage(statusMessage, "waiting for the cron schedule")
  return hs
end

if phase == "Pending" then
  hs.status = "Progressing"
  hs.message = firstMessage(conditionMessage("Progressing"), statusMessage, "waiting for the instances to start")
  return hs
end

hs.status = "Unknown"
hs.message = "unknown phase " .. tostring(phase)
return hs
