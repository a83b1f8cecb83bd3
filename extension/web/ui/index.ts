// The web host's build of `@hubspot/ui-extensions`: Vite aliases the package here so the SAME view
// components render as DOM. Prop types come from the real package, so drift shows up in `tsc`.
import './pulse-ui.css';

export { hubspot, browserFetch } from './hubspot';
export { OverlayProvider } from './events';
export { AutoGrid, Box, Card, Divider, Flex, Inline, Spacer, Stack, Tile } from './layout';
export { Heading, Icon, Image, Link, List, StatusTag, Tag, Text, Tooltip } from './text';
export {
  DescriptionList,
  DescriptionListItem,
  ProgressBar,
  ScoreCircle,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
} from './data';
export { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from './table';
export { BarChart, LineChart } from './charts';
export {
  Button,
  ButtonRow,
  Checkbox,
  Form,
  Input,
  LoadingButton,
  NumberInput,
  SearchInput,
  Select,
  TextArea,
  Textarea,
  Toggle,
} from './inputs';
export {
  Accordion,
  Alert,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  Modal,
  ModalBody,
  ModalFooter,
  Panel,
  PanelBody,
  PanelFooter,
  PanelSection,
} from './feedback';

export const logger = {
  debug: (...args: unknown[]) => console.debug('[extension]', ...args),
  info: (...args: unknown[]) => console.info('[extension]', ...args),
  warn: (...args: unknown[]) => console.warn('[extension]', ...args),
  error: (...args: unknown[]) => console.error('[extension]', ...args),
};
