import { Property } from "@triggo/connector-sdk";

/** Typeform's largest page of forms (GET /forms: `page_size`, at most 200). */
const FORMS_PAGE_SIZE = 200;

interface FormList {
  items: { id: string; title: string }[];
}

/** The form to work with, chosen from the account's forms (or typed as the ID in its URL). */
export const formIdProp = Property.Dropdown({
  displayName: "Form",
  description:
    "The form's ID: the last part of its URL, e.g. u6nXL7 in https://mysite.typeform.com/to/u6nXL7.",
  required: true,
  async options({ auth, http, searchValue, signal }) {
    if (!auth) {
      return { disabled: true, placeholder: "Connect a Typeform account first.", options: [] };
    }
    const response = await http.get<FormList>("/forms", {
      query: { page_size: FORMS_PAGE_SIZE, search: searchValue },
      signal,
    });
    return { options: response.body.items.map((form) => ({ label: form.title, value: form.id })) };
  },
});
