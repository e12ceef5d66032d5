import { ActionIcon, AppShell, Group, Kbd, Modal, NavLink, ScrollArea, Stack, Text, TextInput, Title, Tooltip, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  IconBook2,
  IconDatabase,
  IconHierarchy2,
  IconHistory,
  IconMessage,
  IconMoon,
  IconRoute,
  IconServer2,
  IconSun,
} from "@tabler/icons-react";
import { useEffect, useState, type ReactNode } from "react";
import { commands } from "./bindings/commands";
import { FormActions } from "./components/FormActions";
import { ErrorAlert, Loading } from "./components/States";
import { FirstStart } from "./components/FirstStart";
import { TierBanner } from "./components/TierBanner";
import { toApiError } from "./lib/errors";
import { errorText } from "./lib/remedy";
import { screenHotkey } from "./lib/keyboard";
import type { FlowTarget } from "./designer/session";
import { qk } from "./lib/queryKeys";
import { useSession } from "./lib/session";
import { AuditScreen } from "./screens/Audit";
import { DictionariesScreen } from "./screens/Dictionaries";
import { EnvironmentsScreen } from "./screens/Environments";
import { FlowsScreen } from "./screens/Flows";
import { MessagesScreen, type MessageTarget } from "./screens/Messages";
import { RoutingScreen } from "./screens/Routing";
import { SchemaScreen } from "./screens/Schema";

export type ScreenId = "environments" | "routing" | "flows" | "messages" | "dictionaries" | "schema" | "audit";

const SCREENS: { id: ScreenId; label: string; icon: ReactNode }[] = [
  { id: "environments", label: "Environments", icon: <IconServer2 size={18} /> },
  { id: "routing", label: "Routing", icon: <IconRoute size={18} /> },
  { id: "flows", label: "Flows", icon: <IconHierarchy2 size={18} /> },
  { id: "messages", label: "Messages", icon: <IconMessage size={18} /> },
  { id: "dictionaries", label: "Dictionaries", icon: <IconBook2 size={18} /> },
  { id: "schema", label: "Schema", icon: <IconDatabase size={18} /> },
  { id: "audit", label: "Audit", icon: <IconHistory size={18} /> },
];

export function App() {
  const [screen, setScreenState] = useState<ScreenId>("routing");
  // A flow asked for from another screen is opened once; navigating on forgets it.
  const [flowToOpen, setFlowToOpen] = useState<FlowTarget | null>(null);
  const [messageToOpen, setMessageToOpen] = useState<MessageTarget | null>(null);
  const setScreen = (id: ScreenId) => {
    setFlowToOpen(null);
    setMessageToOpen(null);
    setScreenState(id);
  };
  const [unlockOpen, setUnlockOpen] = useState(false);
  const session = useSession();
  const qc = useQueryClient();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");

  const lock = useMutation({
    mutationFn: () => commands.sessionLock(),
    onSuccess: (s) => qc.setQueryData(qk.session(), s),
    onError: (e) => notifications.show({ color: "red", title: "Could not lock", message: errorText(toApiError(e)) }),
  });

  // Tells the shell the first screen is up (the start-up benchmark reads it).
  const ready = session.isSuccess || session.isError;
  useEffect(() => {
    if (ready) void commands.appReady().catch(() => undefined);
  }, [ready]);

  // Screen switching works from anywhere, inside inputs and the JSON editor too (no ignored tags).
  useHotkeys(
    [
      ...SCREENS.map((s, i) => [screenHotkey(i), () => setScreen(s.id)] as [string, () => void]),
      ["mod+J", () => setColorScheme(scheme === "dark" ? "light" : "dark")],
    ],
    [],
    true,
  );
  const [addEnvironment, setAddEnvironment] = useState(false);
  const openFlow = (target: FlowTarget) => {
    setMessageToOpen(null);
    setFlowToOpen(target);
    setScreenState("flows");
  };
  const openMessage = (target: MessageTarget) => {
    setFlowToOpen(null);
    setMessageToOpen(target);
    setScreenState("messages");
  };
  const connectServer = () => {
    setScreen("environments");
    setAddEnvironment(true);
  };

  return (
    <AppShell header={{ height: 84 }} navbar={{ width: 210, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        {session.data ? (
          <TierBanner session={session.data} onUnlock={() => setUnlockOpen(true)} onLock={() => lock.mutate()} />
        ) : (
          <div style={{ height: 34 }} />
        )}
        <Group h={50} px="md" justify="space-between">
          <Title order={4}>IVR Studio</Title>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">1…7</Kbd> screens
            </Text>
            <Tooltip label="Light / dark (Ctrl+J)">
              <ActionIcon
                variant="default"
                aria-label="Toggle colour scheme"
                data-testid="toggle-theme"
                onClick={() => setColorScheme(scheme === "dark" ? "light" : "dark")}
              >
                {scheme === "dark" ? <IconSun size={16} /> : <IconMoon size={16} />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <ScrollArea>
          {SCREENS.map((s, i) => (
            <NavLink
              // A button, so Tab reaches every screen from the sidebar.
              component="button"
              key={s.id}
              label={s.label}
              leftSection={s.icon}
              rightSection={<Text size="xs" c="dimmed">{i + 1}</Text>}
              active={screen === s.id}
              onClick={() => setScreen(s.id)}
              data-testid={`nav-${s.id}`}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>

      <AppShell.Main>
        {session.isPending ? (
          <Loading label="Opening the environment…" />
        ) : session.isError ? (
          <Stack>
            <ErrorAlert error={session.error} onRetry={() => session.refetch()} />
            <EnvironmentsScreen />
          </Stack>
        ) : (
          <Stack>
            {/* On the start screen only: the other screens keep their room. */}
            {session.data.tier === "local" && screen === "routing" && <FirstStart onConnect={connectServer} />}
            <Screen
              id={screen}
              readOnly={session.data.readOnly}
              envName={session.data.name}
              addEnvironment={addEnvironment}
              onAddEnvironmentDone={() => setAddEnvironment(false)}
              flowToOpen={flowToOpen}
              onOpenFlow={openFlow}
              messageToOpen={messageToOpen}
              onOpenMessage={openMessage}
            />
          </Stack>
        )}
      </AppShell.Main>

      {session.data && (
        <UnlockModal opened={unlockOpen} onClose={() => setUnlockOpen(false)} envName={session.data.name} />
      )}
    </AppShell>
  );
}

type ScreenProps = {
  id: ScreenId;
  readOnly: boolean;
  envName: string;
  addEnvironment: boolean;
  onAddEnvironmentDone: () => void;
  flowToOpen: FlowTarget | null;
  onOpenFlow: (target: FlowTarget) => void;
  messageToOpen: MessageTarget | null;
  onOpenMessage: (target: MessageTarget) => void;
};

function Screen({ id, readOnly, envName, addEnvironment, onAddEnvironmentDone, flowToOpen, onOpenFlow, messageToOpen, onOpenMessage }: ScreenProps) {
  // Keyed by environment so switching environments starts each screen afresh.
  switch (id) {
    case "environments":
      return <EnvironmentsScreen key={envName} startAdding={addEnvironment} onStartAddingDone={onAddEnvironmentDone} />;
    case "routing":
      return <RoutingScreen key={envName} readOnly={readOnly} onOpenFlow={(routingId) => onOpenFlow({ routingId })} />;
    case "flows":
      return <FlowsScreen key={envName} readOnly={readOnly} initialFlow={flowToOpen} openMessages={(storeId, key) => onOpenMessage({ storeId, key })} />;
    case "messages":
      return <MessagesScreen key={envName} readOnly={readOnly} initialKey={messageToOpen} onOpenFlow={onOpenFlow} />;
    case "dictionaries":
      return <DictionariesScreen key={envName} readOnly={readOnly} />;
    case "schema":
      return <SchemaScreen key={envName} readOnly={readOnly} />;
    case "audit":
      return <AuditScreen key={envName} />;
  }
}

function UnlockModal({ opened, onClose, envName }: { opened: boolean; onClose: () => void; envName: string }) {
  const [typed, setTyped] = useState("");
  const qc = useQueryClient();
  const unlock = useMutation({
    mutationFn: (name: string) => commands.sessionUnlock({ typedName: name }),
    onSuccess: (s) => {
      qc.setQueryData(qk.session(), s);
      setTyped("");
      onClose();
      notifications.show({ color: "orange", title: "Unlocked", message: `${s.name} accepts writes for this session.` });
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Unlock ${envName} for writing`} data-testid="unlock-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          unlock.mutate(typed);
        }}
      >
        <Stack>
          <Text size="sm">
            Writes to this environment change production data. Type <b>{envName}</b> to allow writes until the app closes or you lock it again.
          </Text>
          <TextInput
            data-autofocus
            label="Environment name"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            error={unlock.error ? toApiError(unlock.error).message : undefined}
            data-testid="unlock-input"
          />
          <FormActions onCancel={onClose} color="red" disabled={typed.trim() === ""} loading={unlock.isPending} testId="unlock-confirm">
            Unlock
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}
