/** Complaints about the scheme (ISO/IEC 17065 7.13), separate from consumer reports. */
export { COMPLAINT_OUTCOME_MAX_LENGTH, COMPLAINT_REFERENCE_PATTERN, COMPLAINT_STATUSES, COMPLAINT_SUBJECTS, COMPLAINT_STATUS_CODE_LENGTH, COMPLAINT_TEXT_MAX_LENGTH, type ComplaintStatus, type PublicComplaintStep, type ComplaintSubject } from './complaint-rules';
export { Complaint } from './complaint.entity';
export { ComplaintNotFoundError, ComplaintStepError, ComplaintSubjectError } from './complaints.errors';
export { ComplaintsModule } from './complaints.module';
export { ComplaintsService, type ComplaintView, type FileComplaintInput, type FiledComplaint, type PublicComplaintStatus } from './complaints.service';

import { Complaint } from './complaint.entity';
export const COMPLAINTS_ENTITIES = [Complaint];
