# The two commands: `make lab` and `make test`. Everything else is a step of theirs.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Puts the project's toolchain (Node 24, the Pulumi CLI, its Node.js language host, the proxmoxve
# plugin) first on PATH, building or fetching it into the cache the first time.
TOOLCHAIN := eval "$$(scripts/toolchain.sh)"
# Upstream plugins come from a local mirror where this machine has one (../shared/toolchain here),
# and from Pulumi's own downloads everywhere else.
export BUDGETCLOUD_PLUGIN_MIRROR ?= $(wildcard $(CURDIR)/../shared/toolchain)
DEPS := node_modules/.budgetcloud-installed
# The VMs of a stack from before the proxmoxve package that its next up takes over (tools/take-over).
TAKE_OVER = BUDGETCLOUD_TAKE_OVER_VMS="$$(pulumi stack export --stack $(1) | node -r sucrase/register/ts tools/take-over/main.ts)"
# Stack $(1)'s state brought to today's resource shape before an up (migrations/).
MIGRATE = node -r sucrase/register/ts migrations/main.ts --stack $(1)
# Each router's own /export before an up, in $(2)/$(1)-routers/ (tools/router-backup).
ROUTER_BACKUP = node -r sucrase/register/ts tools/router-backup/main.ts --stack $(1) --dir $(2)
# What the proxmoxve plugin takes from the environment of stack $(1)'s pulumi runs that follow
# (tools/plugin-env): its API token, which so never sits in the state, and the roots it verifies
# the cluster with (Go's SSL_CERT_FILE, its only way to a stack's CA or pin).
PLUGIN_ENV = plugin_env="$$(node -r sucrase/register/ts tools/plugin-env/main.ts --stack $(1) --dir $(CURDIR)/.plugin-trust)" && eval "$$plugin_env"

# The lab keeps its state inside the project, encrypted with a passphrase that is no secret: in a
# folder, or with `make lab STATE=s3` in the lab's own S3 server, the backend prod uses. The choice
# sticks until another `make lab STATE=…`.
LAB_DIR := $(CURDIR)/.lab
LAB_STATE := $(or $(STATE),$(shell cat $(LAB_DIR)/state-backend 2>/dev/null),file)
ifeq ($(LAB_STATE),s3)
LAB_BACKEND := eval "$$(node -r sucrase/register/ts lab/state-server-main.ts env)"
else ifeq ($(LAB_STATE),file)
LAB_BACKEND := export PULUMI_BACKEND_URL=file://$(LAB_DIR)/state
else
$(error STATE=$(LAB_STATE): the lab keeps its state in a folder (STATE=file) or its S3 server (STATE=s3))
endif
LAB_ENV := $(LAB_BACKEND) && export PULUMI_CONFIG_PASSPHRASE=$${PULUMI_CONFIG_PASSPHRASE:-budgetcloud-lab}

.PHONY: help
help:
	@echo "make lab            bring the lab cloud up (pulumi up --stack lab against the local emulators; STATE=s3 keeps its state in an S3 server)"
	@echo "make test           lint, type-check and run every test, real Pulumi engine included"
	@echo "make lab-status     what the lab's routers hold (/export), each node's VMs, the ZeroTier members, LibreNMS's devices and groups; draws .lab/topology-lab.svg"
	@echo "make lab-verify     build a real data plane from what the lab's devices hold, and check it (root)"
	@echo "make lab-down       remove the data plane, destroy the lab stack and stop the emulators"
	@echo "make lab-fuzz SEEDS=1-20   generated stacks through a lab of their own, up, preview and data plane (root); SEED=n replays one"
	@echo "make lint           formatter, linter and type-checker only"
	@echo "make print-pulumi   print the path of the pulumi the project runs"
	@echo "make preview-comment STACK=qa   comment what pulumi up would change on the CI's merge request (PRINT=1 prints it)"
	@echo "make up STACK=qa                pulumi up the stack, as a merge to main does"
	@echo "make diagram STACK=prod         draw the stack's topology from its plan: docs/topology-prod.svg and .png"
	@echo "make recover STACK=qa           bring a stack back after a run killed halfway (README, \"Recovery\")"

$(DEPS): package.json package-lock.json
	@$(TOOLCHAIN) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: toolchain
toolchain: $(DEPS)
	@$(TOOLCHAIN) && pulumi version >/dev/null

.PHONY: print-pulumi
print-pulumi: toolchain
	@$(TOOLCHAIN) && echo "$$BUDGETCLOUD_PULUMI"

.PHONY: lint
lint: $(DEPS)
	@$(TOOLCHAIN) && npx biome check . && npx tsc -p tsconfig.json && actionlint

.PHONY: system-packages
system-packages:
	@scripts/system-packages.sh

.PHONY: test
test: system-packages toolchain lint
	@$(TOOLCHAIN) && npx mocha 'test/**/*.test.ts'

.PHONY: lab
lab: toolchain
	@$(TOOLCHAIN) && mkdir -p $(LAB_DIR)/state && echo $(LAB_STATE) >$(LAB_DIR)/state-backend && \
	  $(if $(filter s3,$(LAB_STATE)),scripts/lab.sh state-start &&) $(LAB_ENV) && \
	  { pulumi stack select lab 2>/dev/null || pulumi stack init lab; } && \
	  LAB_ROUTER_PASSWORD="$$(pulumi config get budgetcloud:routerPassword --stack lab)" \
	  LAB_PROXMOX_TOKEN="$$(pulumi config get budgetcloud:proxmoxTokenSecret --stack lab)" \
	  LAB_ZEROTIER_TOKEN="$$(pulumi config get budgetcloud:zerotierToken --stack lab)" \
	  LAB_LIBRENMS_TOKEN="$$(pulumi config get budgetcloud:librenmsToken --stack lab)" scripts/lab.sh start && \
	  $(call ROUTER_BACKUP,lab,$(LAB_DIR)/state-before-up) && $(call MIGRATE,lab) && $(call PLUGIN_ENV,lab) && \
	  $(call TAKE_OVER,lab) scripts/pulumi-supervised.sh up --stack lab --yes --refresh && \
	  echo && echo "Stack outputs:" && pulumi stack output --stack lab && \
	  echo && echo "Look further: make lab-status, or pulumi stack output --stack lab --json" && \
	  echo "(in a shell with the lab's backend: eval \"\$$(make -s lab-env)\")."

# The lab stack's backend and passphrase, for a shell: eval "$(make -s lab-env)".
.PHONY: lab-env
lab-env:
	@$(LAB_ENV) && for name in PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION; do \
	  if [ -n "$${!name:-}" ]; then echo "export $$name='$${!name}'"; fi; done

.PHONY: lab-status
lab-status: toolchain
	@$(TOOLCHAIN) && $(LAB_ENV) && \
	  LAB_ROUTER_PASSWORD="$$(pulumi config get budgetcloud:routerPassword --stack lab)" \
	  LAB_PROXMOX_TOKEN="$$(pulumi config get budgetcloud:proxmoxTokenSecret --stack lab)" \
	  LAB_ZEROTIER_TOKEN="$$(pulumi config get budgetcloud:zerotierToken --stack lab)" \
	  LAB_LIBRENMS_TOKEN="$$(pulumi config get budgetcloud:librenmsToken --stack lab)" \
	  node -r sucrase/register/ts tools/lab-status/main.ts

# The data plane in network namespaces, from the devices' APIs; it stays up until make lab-down.
.PHONY: lab-verify
lab-verify: system-packages toolchain
	@$(TOOLCHAIN) && $(LAB_ENV) && \
	  LAB_ROUTER_PASSWORD="$$(pulumi config get budgetcloud:routerPassword --stack lab)" \
	  LAB_PROXMOX_TOKEN="$$(pulumi config get budgetcloud:proxmoxTokenSecret --stack lab)" \
	  LAB_ZEROTIER_TOKEN="$$(pulumi config get budgetcloud:zerotierToken --stack lab)" \
	  LAB_LIBRENMS_TOKEN="$$(pulumi config get budgetcloud:librenmsToken --stack lab)" \
	  node -r sucrase/register/ts lab/dataplane/main.ts verify

# Generated stacks, each through a lab of its own: nothing of make lab's is touched.
.PHONY: lab-fuzz
lab-fuzz: system-packages toolchain
	@test -n "$(SEEDS)$(SEED)" || { echo "usage: make lab-fuzz SEEDS=1-20, or SEED=n to replay one" >&2; exit 2; }
	@$(TOOLCHAIN) && node -r sucrase/register/ts lab/stacks/main.ts --seeds "$(or $(SEED),$(SEEDS))"

.PHONY: lab-down
lab-down: toolchain
	@$(TOOLCHAIN) && node -r sucrase/register/ts lab/dataplane/main.ts down
	@$(TOOLCHAIN) && $(LAB_ENV) && \
	  if pulumi stack select lab 2>/dev/null; then \
	    $(call PLUGIN_ENV,lab) && scripts/pulumi-supervised.sh destroy --stack lab --yes --refresh; fi
	@scripts/lab.sh stop && scripts/lab.sh state-stop

# CI: a merge request's preview comment, and the up of a merge to main, for STACK=qa or STACK=prod.
# The state backend and the secrets provider come from the environment; see README, "Pipelines".
.PHONY: preview-comment
preview-comment: toolchain
	@test -n "$(STACK)" || { echo "usage: make preview-comment STACK=<stack> [PRINT=1]" >&2; exit 2; }
	@$(TOOLCHAIN) && $(call PLUGIN_ENV,"$(STACK)") && \
	  node -r sucrase/register/ts tools/preview-comment/main.ts --stack "$(STACK)" $(if $(PRINT),--print)

# The state as it was before the up, its secrets still encrypted, is kept in state-before-up/ (CI
# keeps it as the job's artifact): what `pulumi stack import` brings back (README, "History").
# Beside it, each router's own /export (secrets hidden): what the routers held before the up.
.PHONY: up
up: toolchain
	@test -n "$(STACK)" || { echo "usage: make up STACK=<stack>" >&2; exit 2; }
	@$(TOOLCHAIN) && mkdir -p state-before-up && \
	  pulumi stack export --stack "$(STACK)" --file "state-before-up/$(STACK).json" && \
	  echo "the state before this up: state-before-up/$(STACK).json" && \
	  $(call ROUTER_BACKUP,"$(STACK)",state-before-up) && $(call MIGRATE,"$(STACK)") && $(call PLUGIN_ENV,"$(STACK)") && \
	  $(call TAKE_OVER,"$(STACK)") scripts/pulumi-supervised.sh up --stack "$(STACK)" --yes --diff

# After a run killed halfway: its lock, its pending operations, a refresh, an up (scripts/recover.sh).
.PHONY: recover
recover: toolchain
	@test -n "$(STACK)" || { echo "usage: make recover STACK=<stack>" >&2; exit 2; }
	@$(TOOLCHAIN) && $(if $(filter lab,$(STACK)),$(LAB_ENV) &&) $(call PLUGIN_ENV,"$(STACK)") && \
	  $(call TAKE_OVER,"$(STACK)") scripts/recover.sh "$(STACK)"

# The topology of a stack's plan, drawn by Graphviz (never read from a device).
.PHONY: diagram
diagram: system-packages toolchain
	@test -n "$(STACK)" || { echo "usage: make diagram STACK=<stack>" >&2; exit 2; }
	@$(TOOLCHAIN) && node -r sucrase/register/ts tools/diagram/main.ts --stack "$(STACK)"
